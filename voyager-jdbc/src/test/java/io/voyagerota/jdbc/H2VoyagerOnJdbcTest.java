package io.voyagerota.jdbc;

class H2VoyagerOnJdbcTest extends VoyagerOnJdbcTest {
    @Override
    Dialect dialect() {
        return Dialect.H2;
    }
}
