package io.voyagerota.jdbc;

class PostgresMigrationTest extends MigrationTest {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
