package io.voyagerota.jdbc;

class H2LifecycleRaceTest extends LifecycleRaceTest {
    @Override
    Dialect dialect() {
        return Dialect.H2;
    }
}
