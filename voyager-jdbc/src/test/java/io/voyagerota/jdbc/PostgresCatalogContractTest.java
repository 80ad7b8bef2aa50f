package io.voyagerota.jdbc;

class PostgresCatalogContractTest extends CatalogContractTest {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
