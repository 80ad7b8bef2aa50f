package io.voyagerota.jdbc;

class PostgresReferenceModelTest extends ReferenceModelTest {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
