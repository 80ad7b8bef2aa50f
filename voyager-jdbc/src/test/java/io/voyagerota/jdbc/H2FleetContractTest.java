package io.voyagerota.jdbc;

class H2FleetContractTest extends FleetContractTest {
    @Override
    Dialect dialect() {
        return Dialect.H2;
    }
}
