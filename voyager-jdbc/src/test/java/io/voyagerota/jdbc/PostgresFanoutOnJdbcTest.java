package io.voyagerota.jdbc;

class PostgresFanoutOnJdbcTest extends FanoutOnJdbcTest {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
