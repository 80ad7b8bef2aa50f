package io.voyagerota.jdbc;

class PostgresLifecycleRaceTest extends LifecycleRaceTest {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
