package io.voyagerota.jdbc;

class PostgresFleetContractTest extends FleetContractTest {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
