package io.voyagerota.jdbc;

class H2ConcurrencyTest extends ConcurrencyTest {
    @Override
    Dialect dialect() {
        return Dialect.H2;
    }
}
