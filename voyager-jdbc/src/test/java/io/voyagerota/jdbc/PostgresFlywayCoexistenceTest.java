package io.voyagerota.jdbc;

class PostgresFlywayCoexistenceTest extends FlywayCoexistenceTest {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
