package io.voyagerota.jdbc;

class H2StatisticsBackfillTest extends StatisticsBackfillTest {
    @Override
    Dialect dialect() {
        return Dialect.H2;
    }
}
