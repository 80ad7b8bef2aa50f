package io.voyagerota.jdbc;

import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.ReportAttribution;
import io.voyagerota.device.ReportMetrics;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.spi.FleetStatistics;
import io.voyagerota.stats.DownloadStats;
import io.voyagerota.stats.StatsRange;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Schema version 6 backfills the statistics rollups from the report history: on a history recorded through the
 * registry (duplicates, reports out of date order, several rollouts), emptying the rollups and applying version 6
 * again gives back exactly the figures that recording kept, and so does applying it once more.
 */
abstract class StatisticsBackfillTest {
    private static final LocalDate FIRST = LocalDate.of(2030, 5, 1);
    private static final String[] ROLLOUTS = {"ro-1", "ro-2"};
    private static final String[] ROLLUPS = {"voyager_stats_outcome_day", "voyager_stats_download_day",
            "voyager_stats_rollout_device", "voyager_stats_stage_day"};
    private TestDatabase database;
    private JdbcRegistry registry;

    abstract Dialect dialect();

    @BeforeEach
    void openDatabase() {
        database = TestDatabase.open(dialect());
        registry = JdbcRegistry.builder(database.dataSource()).migrateOnStart(true).build();
        registry.catalog().insertProduct(Fixtures.product("locker"));
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    private void recordHistory() {
        SplittableRandom random = new SplittableRandom(6);
        Instant start = FIRST.atStartOfDay(ZoneOffset.UTC).toInstant();
        List<DeviceReport> sent = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            ReportStatus status = ReportStatus.values()[random.nextInt(ReportStatus.values().length)];
            Optional<String> code = status == ReportStatus.FAILED && random.nextBoolean()
                    ? Optional.of(random.nextBoolean() ? "flash-write" : "boot-loop") : Optional.empty();
            long millis = random.nextInt(5) * (long) random.nextInt(70_000);
            ReportMetrics metrics = new ReportMetrics(OptionalLong.of(millis),
                    random.nextInt(4) == 0 ? OptionalLong.empty() : OptionalLong.of(random.nextLong(5_000_000)),
                    OptionalLong.empty(), OptionalInt.empty(), OptionalInt.empty());
            // Dated anywhere in ten days, whatever the recording order.
            DeviceReport r = new DeviceReport("r-" + random.nextInt(1000), "dev-" + random.nextInt(40), "locker",
                    Version.parse("1.0.0"), Version.parse("1.1.0"),
                    Version.parse(status == ReportStatus.SUCCESS ? "1.1.0" : "1.0.0"), status, code,
                    Optional.empty(), metrics, start.plusSeconds(random.nextLong(10 * 86_400)));
            sent.add(r);
            DeviceReport again = random.nextInt(5) == 0 ? sent.get(random.nextInt(sent.size())) : r;
            for (DeviceReport each : List.of(r, again)) {
                registry.fleet().record(each, random.nextInt(6) == 0
                        ? ReportAttribution.notCounted(ReportAttribution.NO_ROLLOUT)
                        : ReportAttribution.counted(ROLLOUTS[each.deviceId().hashCode() & 1], 0));
            }
        }
    }

    private List<StatsRange> ranges() {
        List<StatsRange> out = new ArrayList<>();
        out.add(new StatsRange(FIRST.minusDays(1), FIRST.plusDays(12)));
        for (int d = 0; d < 10; d += 3) {
            out.add(new StatsRange(FIRST.plusDays(d), FIRST.plusDays(d)));
            out.add(new StatsRange(FIRST.plusDays(d), FIRST.plusDays(d + 4)));
        }
        return out;
    }

    /** Every figure but the download averages, which are compared apart (sums in another order round otherwise). */
    private List<Object> figures() {
        FleetStatistics stats = registry.statistics();
        List<Object> out = new ArrayList<>();
        for (StatsRange r : ranges()) {
            DownloadStats d = stats.downloads("locker", r);
            out.add(List.of(stats.updatesPerDay("locker", r), stats.failuresByCode("locker", r),
                    stats.rolloutStages("locker", r), d.samples(), d.p95Millis(), d.p95BytesPerSecond(),
                    Math.round(d.averageMillis() * 1000), Math.round(d.averageBytesPerSecond() * 1000)));
        }
        return out;
    }

    private void applyVersion6Again() {
        database.execute("DELETE FROM voyager_schema_version WHERE version = 6");
        assertEquals(List.of("V6__statistics_rollup"), registry.migrate().applied());
    }

    @Test
    void theBackfillGivesBackTheFiguresRecordingKept() {
        recordHistory();
        List<Object> recorded = figures();
        for (String table : ROLLUPS) {
            database.execute("DELETE FROM " + table);
        }
        assertNotEquals(recorded, figures(), "the figures come from the rollups");
        applyVersion6Again();
        assertEquals(recorded, figures());
        applyVersion6Again();
        assertEquals(recorded, figures(), "applying version 6 again counts nothing twice");
    }
}
