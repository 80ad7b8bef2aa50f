package io.voyagerota.jdbc;

class H2OutboxRelaysTest extends OutboxRelaysTest {
    @Override
    Dialect dialect() {
        return Dialect.H2;
    }
}
