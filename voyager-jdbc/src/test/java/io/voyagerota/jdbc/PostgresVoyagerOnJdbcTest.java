package io.voyagerota.jdbc;

class PostgresVoyagerOnJdbcTest extends VoyagerOnJdbcTest {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
