package io.voyagerota.testkit;

import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.ReportAttribution;
import io.voyagerota.device.ReportMetrics;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.spi.FleetStatistics;
import io.voyagerota.spi.Registry;
import io.voyagerota.stats.DailyUpdates;
import io.voyagerota.stats.DownloadStats;
import io.voyagerota.stats.RolloutStages;
import io.voyagerota.stats.StatsRange;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.voyagerota.testkit.RegistryFixtures.PRODUCT;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The {@link FleetStatistics} cases an adapter that pre-aggregates could get wrong, each on a small hand-made fleet:
 * duplicate reports, reports on either side of a UTC midnight, a device that failed and then succeeded, reports
 * recorded out of date order, percentiles across bucket-like boundaries, and reports racing from several threads.
 * Part of {@link RegistryCompatibilityKit}.
 */
public abstract class FleetStatisticsEdgeCompatibilityKit {
    private static final String ROLLOUT = "rollout-a";
    private static final LocalDate DAY = LocalDate.of(2030, 3, 10);
    private static final Instant MIDNIGHT = DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final StatsRange BOTH = new StatsRange(DAY, DAY.plusDays(1));
    private static final StatsRange FIRST = new StatsRange(DAY, DAY);
    private static final StatsRange SECOND = new StatsRange(DAY.plusDays(1), DAY.plusDays(1));

    protected Registry registry;
    protected FleetStatistics statistics;

    /** A fresh, empty registry; called before every test. */
    protected abstract Registry newRegistry();

    @BeforeEach
    void setUp() {
        registry = newRegistry();
        statistics = registry.statistics();
        RegistryFixtures.catalogFor(registry.catalog(), new String[] {ROLLOUT});
    }

    private static DeviceReport report(String id, String device, ReportStatus status, Optional<String> code,
                                       long millis, long bytes, Instant at) {
        Version from = Version.parse("1.0.0");
        Version to = Version.parse("1.1.0");
        return new DeviceReport(id, device, PRODUCT, from, to, status == ReportStatus.SUCCESS ? to : from, status,
                code, Optional.empty(), new ReportMetrics(OptionalLong.of(millis), OptionalLong.of(bytes),
                OptionalLong.empty(), OptionalInt.empty(), OptionalInt.empty()), at);
    }

    private boolean send(DeviceReport report) {
        return registry.fleet().record(report, ReportAttribution.counted(ROLLOUT, 0));
    }

    private static Map<ReportStatus, Long> stage(Object... statusAndCount) {
        Map<ReportStatus, Long> out = new EnumMap<>(ReportStatus.class);
        for (int i = 0; i < statusAndCount.length; i += 2) {
            out.put((ReportStatus) statusAndCount[i], ((Number) statusAndCount[i + 1]).longValue());
        }
        return out;
    }

    @Test
    void aDuplicateReportCountsOnce() {
        DeviceReport failed = report("r-1", "dev-1", ReportStatus.FAILED, Optional.of("flash-write"), 2000, 500_000,
                MIDNIGHT.minusSeconds(3600));
        assertEquals(true, send(failed));
        assertEquals(false, send(failed));
        assertEquals(false, send(failed), "a resend of the same report id by the same device");
        // The same report id from another device is another report.
        assertEquals(true, send(report("r-1", "dev-2", ReportStatus.FAILED, Optional.of("flash-write"), 4000,
                500_000, MIDNIGHT.minusSeconds(60))));
        assertEquals(List.of(new DailyUpdates(DAY, 0, 2, 0)), statistics.updatesPerDay(PRODUCT, BOTH));
        assertEquals(Map.of("flash-write", 2L), statistics.failuresByCode(PRODUCT, BOTH));
        assertEquals(2, statistics.downloads(PRODUCT, BOTH).samples());
        assertEquals(3000, statistics.downloads(PRODUCT, BOTH).averageMillis(), 1e-9);
        assertEquals(List.of(new RolloutStages(ROLLOUT, stage(ReportStatus.FAILED, 2))),
                statistics.rolloutStages(PRODUCT, BOTH));
    }

    @Test
    void reportsEitherSideOfUtcMidnightCountOnTheirOwnDays() {
        send(report("r-1", "dev-1", ReportStatus.SUCCESS, Optional.empty(), 1000, 1_000_000,
                MIDNIGHT.minusMillis(1)));
        send(report("r-2", "dev-2", ReportStatus.ROLLED_BACK, Optional.empty(), 3000, 1_000_000, MIDNIGHT));
        assertEquals(List.of(new DailyUpdates(DAY, 1, 0, 0), new DailyUpdates(DAY.plusDays(1), 0, 0, 1)),
                statistics.updatesPerDay(PRODUCT, BOTH));
        assertEquals(List.of(new DailyUpdates(DAY, 1, 0, 0)), statistics.updatesPerDay(PRODUCT, FIRST));
        assertEquals(List.of(new DailyUpdates(DAY.plusDays(1), 0, 0, 1)), statistics.updatesPerDay(PRODUCT, SECOND));
        assertEquals(Map.of(), statistics.failuresByCode(PRODUCT, FIRST));
        assertEquals(Map.of("rolled-back", 1L), statistics.failuresByCode(PRODUCT, SECOND));
        assertEquals(new DownloadStats(1, 1000, 1000, 1_000_000, 1_000_000), statistics.downloads(PRODUCT, FIRST));
        assertEquals(3000, statistics.downloads(PRODUCT, BOTH).p95Millis(), "the p95 of 1000 and 3000");
        assertEquals(List.of(new RolloutStages(ROLLOUT, stage(ReportStatus.SUCCESS, 1))),
                statistics.rolloutStages(PRODUCT, FIRST));
        assertEquals(List.of(new RolloutStages(ROLLOUT, stage(ReportStatus.ROLLED_BACK, 1))),
                statistics.rolloutStages(PRODUCT, SECOND));
    }

    @Test
    void aDeviceThatFailedThenSucceededIsOneDeviceAndTwoOutcomes() {
        send(report("r-1", "dev-1", ReportStatus.FAILED, Optional.empty(), 1000, 1000, MIDNIGHT.minusSeconds(10)));
        send(report("r-2", "dev-1", ReportStatus.DOWNLOADING, Optional.empty(), 0, 0, MIDNIGHT.plusSeconds(10)));
        send(report("r-3", "dev-1", ReportStatus.SUCCESS, Optional.empty(), 2000, 1000, MIDNIGHT.plusSeconds(20)));
        send(report("r-4", "dev-2", ReportStatus.FAILED, Optional.empty(), 1000, 1000, MIDNIGHT.plusSeconds(30)));
        assertEquals(List.of(new DailyUpdates(DAY, 0, 1, 0), new DailyUpdates(DAY.plusDays(1), 1, 1, 0)),
                statistics.updatesPerDay(PRODUCT, BOTH));
        assertEquals(Map.of("unspecified", 2L), statistics.failuresByCode(PRODUCT, BOTH));
        assertEquals(List.of(new RolloutStages(ROLLOUT, stage(ReportStatus.SUCCESS, 1, ReportStatus.FAILED, 1))),
                statistics.rolloutStages(PRODUCT, BOTH));
        assertEquals(List.of(new RolloutStages(ROLLOUT, stage(ReportStatus.FAILED, 1))),
                statistics.rolloutStages(PRODUCT, FIRST), "the first day alone: dev-1 had failed");
        assertEquals(List.of(new RolloutStages(ROLLOUT, stage(ReportStatus.SUCCESS, 1, ReportStatus.FAILED, 1))),
                statistics.rolloutStages(PRODUCT, SECOND));
        assertEquals(3, statistics.downloads(PRODUCT, BOTH).samples(), "DOWNLOADING carried no download time");
    }

    @Test
    void aDeviceCountsUnderItsLatestRecordedReportInTheRangeWhateverItsDate() {
        // Recorded first but dated later (a device whose clock ran ahead, or a report that waited in an outbox).
        send(report("r-1", "dev-1", ReportStatus.INSTALLING, Optional.empty(), 0, 0, MIDNIGHT.plusSeconds(50)));
        send(report("r-2", "dev-1", ReportStatus.FAILED, Optional.of("boot-loop"), 0, 0, MIDNIGHT.minusSeconds(50)));
        assertEquals(List.of(new RolloutStages(ROLLOUT, stage(ReportStatus.FAILED, 1))),
                statistics.rolloutStages(PRODUCT, BOTH));
        assertEquals(List.of(new RolloutStages(ROLLOUT, stage(ReportStatus.FAILED, 1))),
                statistics.rolloutStages(PRODUCT, FIRST));
        assertEquals(List.of(new RolloutStages(ROLLOUT, stage(ReportStatus.INSTALLING, 1))),
                statistics.rolloutStages(PRODUCT, SECOND), "its latest report lies before this range");
        assertEquals(List.of(), statistics.rolloutStages(PRODUCT, new StatsRange(DAY.plusDays(2), DAY.plusDays(3))));
        assertEquals(List.of(), statistics.rolloutStages("other", BOTH));
    }

    @Test
    void percentilesAreExactAcrossPowersOfTen() {
        List<Long> millis = new ArrayList<>();
        List<Long> bytes = new ArrayList<>();
        long[] values = {7, 9, 10, 11, 99, 100, 101, 109, 110, 999, 1000, 1001, 1099, 1100, 9999, 10_000, 99_999,
                100_000, 100_001, 109_999};
        for (int i = 0; i < 3 * values.length; i++) {
            long m = values[i % values.length] + i / values.length;
            long b = 1_000L * (i % 7) + 999L * i;
            millis.add(m);
            bytes.add(b);
            send(report("r-" + i, "dev-" + i, ReportStatus.SUCCESS, Optional.empty(), m, b,
                    MIDNIGHT.minusSeconds(1 + i * 997L % 80_000)));
        }
        send(report("r-zero", "dev-zero", ReportStatus.FAILED, Optional.empty(), 0, 5000, MIDNIGHT.minusSeconds(5)));
        DownloadStats expected = DownloadStats.of(millis.stream().mapToLong(Long::longValue).toArray(),
                bytes.stream().mapToLong(Long::longValue).toArray());
        DownloadStats actual = statistics.downloads(PRODUCT, FIRST);
        assertEquals(expected.samples(), actual.samples());
        assertEquals(expected.averageMillis(), actual.averageMillis(), 1e-6);
        assertEquals(expected.p95Millis(), actual.p95Millis());
        assertEquals(expected.averageBytesPerSecond(), actual.averageBytesPerSecond(), 1e-6);
        assertEquals(expected.p95BytesPerSecond(), actual.p95BytesPerSecond());
        assertEquals(DownloadStats.none(), statistics.downloads(PRODUCT, SECOND));
    }

    @Test
    @Timeout(60)
    void reportsRacingFromSeveralThreadsAreEachCountedOnce() throws Exception {
        int threads = 4;
        int devices = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    // Every thread sends every report: each is recorded by exactly one of them.
                    for (int d = 0; d < devices; d++) {
                        send(report("r-a", "dev-" + d, ReportStatus.FAILED, Optional.of("flash-write"), 1000 + d,
                                1000, MIDNIGHT.minusSeconds(100 + d)));
                        send(report("r-b", "dev-" + d, d % 4 == 0 ? ReportStatus.FAILED : ReportStatus.SUCCESS,
                                Optional.empty(), 2000 + d, 1000, MIDNIGHT.minusSeconds(50)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(new DailyUpdates(DAY, 30, 50, 0)), statistics.updatesPerDay(PRODUCT, BOTH));
        assertEquals(Map.of("flash-write", 40L, "unspecified", 10L), statistics.failuresByCode(PRODUCT, BOTH));
        assertEquals(80, statistics.downloads(PRODUCT, BOTH).samples());
        assertEquals(List.of(new RolloutStages(ROLLOUT, stage(ReportStatus.SUCCESS, 30, ReportStatus.FAILED, 10))),
                statistics.rolloutStages(PRODUCT, BOTH));
    }
}
