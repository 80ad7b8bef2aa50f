package io.voyagerota.jdbc;

class H2CatalogContractTest extends CatalogContractTest {
    @Override
    Dialect dialect() {
        return Dialect.H2;
    }
}
