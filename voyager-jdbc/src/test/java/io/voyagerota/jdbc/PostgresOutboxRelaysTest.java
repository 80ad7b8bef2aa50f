package io.voyagerota.jdbc;

class PostgresOutboxRelaysTest extends OutboxRelaysTest {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
