package io.voyagerota.jdbc;

class PostgresConcurrencyTest extends ConcurrencyTest {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
