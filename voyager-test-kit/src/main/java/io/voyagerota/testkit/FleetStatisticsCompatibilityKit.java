package io.voyagerota.testkit;

import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.DeviceSighting;
import io.voyagerota.device.DeviceState;
import io.voyagerota.device.ReportAttribution;
import io.voyagerota.device.ReportMetrics;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.spi.FleetStatistics;
import io.voyagerota.spi.Registry;
import io.voyagerota.stats.DailyUpdates;
import io.voyagerota.stats.DownloadStats;
import io.voyagerota.stats.RolloutStages;
import io.voyagerota.stats.StatsRange;
import io.voyagerota.stats.VersionCount;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static io.voyagerota.testkit.RegistryFixtures.PRODUCT;
import static io.voyagerota.testkit.RegistryFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The {@link FleetStatistics} contract on a generated fleet (seeded, so every adapter sees the same one): each figure
 * equals the one computed here, naively, from the reports as generated. Part of {@link RegistryCompatibilityKit}.
 */
public abstract class FleetStatisticsCompatibilityKit {
    private static final long SEED = 13;
    private static final int DEVICES = 150;
    private static final String[] CODES = {"sha256-mismatch", "download-too-slow", "flash-write"};
    private static final String[] ROLLOUTS = {"rollout-a", "rollout-b"};
    private static final Version[] VERSIONS = {Version.parse("1.0.0"), Version.parse("1.1.0"),
            Version.parse("1.2.0-rc.1"), Version.parse("2.0.0+build.7")};
    /** The range checked: it starts two days after the first report and ends before the last ones. */
    private static final StatsRange RANGE = new StatsRange(LocalDate.of(2030, 1, 3), LocalDate.of(2030, 1, 24));

    private record Sent(DeviceReport report, Optional<String> rolloutId) {
    }

    protected Registry registry;
    protected FleetStatistics statistics;
    private final List<Sent> sent = new ArrayList<>();

    /** A fresh, empty registry; called before every test. */
    protected abstract Registry newRegistry();

    @BeforeEach
    void generateFleet() {
        registry = newRegistry();
        statistics = registry.statistics();
        RegistryFixtures.catalogFor(registry.catalog(), ROLLOUTS);
        SplittableRandom random = new SplittableRandom(SEED);
        int n = 0;
        for (int d = 0; d < DEVICES; d++) {
            String device = "dev-" + d;
            String product = d % 10 == 9 ? "other" : PRODUCT;
            Instant at = T0.plusSeconds(random.nextLong(3 * 86_400));
            Version running = VERSIONS[random.nextInt(2)];
            int reports = random.nextInt(9);
            for (int i = 0; i < reports; i++) {
                at = at.plusSeconds(random.nextLong(6 * 86_400)).plusMillis(random.nextInt(1000));
                Version pick = VERSIONS[2 + random.nextInt(2)];
                Version to = pick.equals(running) ? VERSIONS[pick.equals(VERSIONS[2]) ? 3 : 2] : pick;
                ReportStatus status = ReportStatus.values()[random.nextInt(ReportStatus.values().length)];
                Version now = status == ReportStatus.SUCCESS ? to : running;
                Optional<String> code = status == ReportStatus.FAILED || status == ReportStatus.ROLLED_BACK
                        ? Optional.of(CODES[random.nextInt(CODES.length)]).filter(c -> random.nextInt(4) > 0)
                        : Optional.empty();
                Optional<String> rollout = random.nextInt(4) == 0 ? Optional.empty()
                        : Optional.of(ROLLOUTS[random.nextInt(ROLLOUTS.length)]);
                send(new DeviceReport("r-" + n++, device, product, running, to, now, status, code, Optional.empty(),
                        metrics(random), at), rollout);
                running = now;
            }
        }
        // The range's edges: its first instant counts, its end does not.
        send(edge("edge-1", RANGE.start(), ReportStatus.SUCCESS), Optional.of(ROLLOUTS[0]));
        send(edge("edge-2", RANGE.end().minusMillis(1), ReportStatus.FAILED), Optional.of(ROLLOUTS[0]));
        send(edge("edge-3", RANGE.end(), ReportStatus.ROLLED_BACK), Optional.of(ROLLOUTS[1]));
        send(edge("edge-4", RANGE.start().minusMillis(1), ReportStatus.FAILED), Optional.of(ROLLOUTS[1]));
        // Devices known only from update checks count in the version distribution.
        registry.fleet().touch(List.of(new DeviceSighting("seen-1", PRODUCT, "LC-1", VERSIONS[3], T0),
                new DeviceSighting("seen-2", PRODUCT, "LC-1", Version.parse("0.9.0"), T0)));
    }

    private static ReportMetrics metrics(SplittableRandom random) {
        OptionalLong millis = random.nextInt(5) == 0 ? OptionalLong.empty()
                : OptionalLong.of(random.nextInt(10) == 0 ? 0 : 1 + random.nextLong(600_000));
        OptionalLong bytes = random.nextInt(6) == 0 ? OptionalLong.empty()
                : OptionalLong.of(random.nextLong(8_000_000));
        return new ReportMetrics(millis, bytes, OptionalLong.empty(), OptionalInt.empty(), OptionalInt.empty());
    }

    private static DeviceReport edge(String id, Instant at, ReportStatus status) {
        Version from = VERSIONS[0];
        Version to = VERSIONS[2];
        return new DeviceReport(id, "edge-device", PRODUCT, from, to, status == ReportStatus.SUCCESS ? to : from,
                status, Optional.empty(), Optional.empty(), new ReportMetrics(OptionalLong.of(1000),
                OptionalLong.of(1_000_000), OptionalLong.empty(), OptionalInt.empty(), OptionalInt.empty()), at);
    }

    private void send(DeviceReport report, Optional<String> rolloutId) {
        registry.fleet().record(report, rolloutId.map(id -> ReportAttribution.counted(id, 0))
                .orElseGet(() -> ReportAttribution.notCounted(ReportAttribution.NO_ROLLOUT)));
        sent.add(new Sent(report, rolloutId));
    }

    private List<Sent> inRange() {
        return sent.stream().filter(s -> s.report().productId().equals(PRODUCT)
                && !s.report().reportedAt().isBefore(RANGE.start()) && s.report().reportedAt().isBefore(RANGE.end()))
                .toList();
    }

    @Test
    void versionsCountEveryKnownDeviceOfTheProduct() {
        Map<String, Long> expected = new HashMap<>();
        for (DeviceState d : registry.fleet().devices(PRODUCT, "", 10_000)) {
            expected.merge(d.currentVersion().toString(), 1L, Long::sum);
        }
        List<VersionCount> ordered = expected.entrySet().stream().map(e -> new VersionCount(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(VersionCount::devices).reversed()
                        .thenComparing(VersionCount::version)).toList();
        assertEquals(ordered, statistics.versions(PRODUCT));
        assertEquals(List.of(), statistics.versions("unknown-product"));
    }

    @Test
    void updatesPerDayCountOutcomesByUtcDay() {
        Map<LocalDate, long[]> days = new TreeMap<>();
        for (Sent s : inRange()) {
            int column = switch (s.report().status()) {
                case SUCCESS -> 0;
                case FAILED -> 1;
                case ROLLED_BACK -> 2;
                default -> -1;
            };
            if (column >= 0) {
                days.computeIfAbsent(LocalDate.ofInstant(s.report().reportedAt(), ZoneOffset.UTC),
                        k -> new long[3])[column]++;
            }
        }
        List<DailyUpdates> expected = days.entrySet().stream().map(e -> new DailyUpdates(e.getKey(),
                e.getValue()[0], e.getValue()[1], e.getValue()[2])).toList();
        assertEquals(expected, statistics.updatesPerDay(PRODUCT, RANGE));
        assertEquals(RANGE.first(), expected.get(0).day(), "the first instant of the range counts");
        assertEquals(RANGE.last(), expected.get(expected.size() - 1).day());
        assertEquals(List.of(), statistics.updatesPerDay("unknown-product", RANGE));
    }

    @Test
    void downloadsAverageAndP95OverReportsWithTimeAndBytes() {
        List<long[]> samples = new ArrayList<>();
        for (Sent s : inRange()) {
            ReportMetrics m = s.report().metrics();
            if (m.downloadMillis().orElse(0) > 0 && m.bytesDownloaded().isPresent()) {
                samples.add(new long[] {m.downloadMillis().getAsLong(), m.bytesDownloaded().getAsLong()});
            }
        }
        long[] millis = samples.stream().mapToLong(s -> s[0]).sorted().toArray();
        long[] speeds = samples.stream().mapToLong(s -> s[1] * 1000 / s[0]).sorted().toArray();
        int p95 = (int) Math.ceil(0.95 * samples.size()) - 1;
        DownloadStats actual = statistics.downloads(PRODUCT, RANGE);
        assertEquals(samples.size(), actual.samples());
        assertEquals(samples.stream().mapToDouble(s -> s[0]).average().orElseThrow(), actual.averageMillis(), 1e-6);
        assertEquals(millis[p95], actual.p95Millis());
        assertEquals(samples.stream().mapToDouble(s -> (double) s[1] * 1000 / s[0]).average().orElseThrow(),
                actual.averageBytesPerSecond(), 1e-6);
        assertEquals(speeds[p95], actual.p95BytesPerSecond());
        assertEquals(DownloadStats.none(), statistics.downloads("unknown-product", RANGE));
    }

    @Test
    void failuresGroupByErrorCodeOrTheStatusReason() {
        Map<String, Long> expected = new TreeMap<>();
        for (Sent s : inRange()) {
            ReportStatus status = s.report().status();
            if (status == ReportStatus.FAILED || status == ReportStatus.ROLLED_BACK) {
                expected.merge(s.report().failureReason(), 1L, Long::sum);
            }
        }
        assertEquals(expected, statistics.failuresByCode(PRODUCT, RANGE));
    }

    @Test
    void rolloutStagesCountEachDeviceUnderItsLatestReport() {
        Map<String, Map<String, ReportStatus>> latest = new TreeMap<>();
        for (Sent s : inRange()) {
            s.rolloutId().ifPresent(id -> latest.computeIfAbsent(id, k -> new HashMap<>())
                    .put(s.report().deviceId(), s.report().status()));
        }
        List<RolloutStages> expected = new ArrayList<>();
        latest.forEach((id, devices) -> {
            Map<ReportStatus, Long> counts = new EnumMap<>(ReportStatus.class);
            devices.values().forEach(st -> counts.merge(st, 1L, Long::sum));
            expected.add(new RolloutStages(id, counts));
        });
        assertEquals(List.of(ROLLOUTS[0], ROLLOUTS[1]), expected.stream().map(RolloutStages::rolloutId).toList());
        assertEquals(expected, statistics.rolloutStages(PRODUCT, RANGE));
    }
}
