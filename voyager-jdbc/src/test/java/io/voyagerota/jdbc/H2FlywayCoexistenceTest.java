package io.voyagerota.jdbc;

class H2FlywayCoexistenceTest extends FlywayCoexistenceTest {
    @Override
    Dialect dialect() {
        return Dialect.H2;
    }
}
