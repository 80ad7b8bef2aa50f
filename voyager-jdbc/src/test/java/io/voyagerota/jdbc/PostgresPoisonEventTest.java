package io.voyagerota.jdbc;

class PostgresPoisonEventTest extends PoisonEventTest {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
