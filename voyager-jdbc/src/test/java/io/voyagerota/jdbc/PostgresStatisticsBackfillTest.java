package io.voyagerota.jdbc;

class PostgresStatisticsBackfillTest extends StatisticsBackfillTest {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
