package io.voyagerota.jdbc;

class H2PoisonEventTest extends PoisonEventTest {
    @Override
    Dialect dialect() {
        return Dialect.H2;
    }
}
