package io.voyagerota.jdbc;

class H2FanoutOnJdbcTest extends FanoutOnJdbcTest {
    @Override
    Dialect dialect() {
        return Dialect.H2;
    }
}
