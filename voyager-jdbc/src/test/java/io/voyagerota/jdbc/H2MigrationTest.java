package io.voyagerota.jdbc;

class H2MigrationTest extends MigrationTest {
    @Override
    Dialect dialect() {
        return Dialect.H2;
    }
}
