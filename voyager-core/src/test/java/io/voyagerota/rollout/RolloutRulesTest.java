package io.voyagerota.rollout;

import io.voyagerota.catalog.Release;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.ReportAttribution;
import io.voyagerota.device.ReportMetrics;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.internal.ReportAttributor;
import io.voyagerota.testing.VoyagerFixture;
import io.voyagerota.version.Version;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rules of docs/concepts.md, "Rollouts", as tables: what counts, the stage gate and the pause rule. */
class RolloutRulesTest {
    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

    /**
     * The pause rule's table. {@code spec} lists groups, oldest first, as {@code count:kinds:minutes}: {@code count}
     * times the outcomes {@code kinds} (S success, F failure), each {@code minutes} after the one before it; the
     * newest outcome is at NOW.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "one device failing thrice among 8 good;    8:S:1 1:F:1;          false; ",
            "late spike 2 h after 300 successes;        300:S:1 1:F:120 9:F:0; true; reported in the last PT1H",
            "the same spike right after them;           300:S:1 10:F:0;       false; ",
            "90 successes then 20 failures in the hour; 90:S:0 20:F:0;        true;  reported in the last PT1H",
            "slow rollout, every second one failing;    5:SF:120;             true;  latest",
            "15 failures among the latest 100;          500:S:0 85:S:0 15:F:0; false; ",
            "9 failures, fewer than the minimum sample;  9:F:0;                false; ",
            "10 failures;                               10:F:0;               true;  reported in the last PT1H",
            "old failures only (device window);         10:F:600;             true;  latest",
            "19% of the latest 100;                     81:S:0 19:F:0;        false; ",
    })
    void pauseRule(String name, String spec, boolean pauses, String which) {
        List<DeviceOutcome> newestFirst = outcomes(spec);
        RolloutEvaluator.Windows w = RolloutEvaluator.windows(RolloutGuard.defaults(), newestFirst, NOW);
        Optional<String> reason = RolloutEvaluator.pauseReason(RolloutGuard.defaults(), w);
        assertEquals(pauses, reason.isPresent(), name + ": " + reason + " " + w);
        reason.ifPresent(r -> assertEquals(true, r.endsWith(which), r));
    }

    // Builds outcomes oldest first, then reverses them. A group "n:SF:m" alternates S and F, n pairs.
    private static List<DeviceOutcome> outcomes(String spec) {
        List<String[]> groups = new ArrayList<>();
        for (String g : spec.trim().split(" +")) {
            groups.add(g.split(":"));
        }
        List<Character> kinds = new ArrayList<>();
        List<Integer> gaps = new ArrayList<>();
        for (String[] g : groups) {
            for (int i = 0; i < Integer.parseInt(g[0]); i++) {
                for (char c : g[1].toCharArray()) {
                    kinds.add(c);
                    gaps.add(Integer.parseInt(g[2]));
                }
            }
        }
        List<DeviceOutcome> newestFirst = new ArrayList<>();
        Instant at = NOW;
        for (int i = kinds.size() - 1; i >= 0; i--) {
            boolean ok = kinds.get(i) == 'S';
            newestFirst.add(new DeviceOutcome("dev-" + i, ok ? ReportStatus.SUCCESS : ReportStatus.FAILED,
                    ok ? Optional.empty() : Optional.of("e"), 0, at));
            at = at.minus(Duration.ofMinutes(gaps.get(i)));
        }
        return newestFirst;
    }

    /** The stage gate's table: plan 10 → 50 → 100, soak 1 h, minimum sample 10, advance at 95%. */
    @ParameterizedTest(name = "stage {0}: {1} ok, {2} failed, {3} min soaked -> advances {4}")
    @CsvSource({
            "0, 10, 0, 60, true",
            "0, 10, 0, 59, false",
            "1, 0, 0, 120, false",
            "1, 10, 0, 60, true",
            "1, 9, 0, 600, false",
            "1, 19, 1, 60, true",
            "1, 18, 2, 600, false",
            "2, 1000, 0, 600, false",
    })
    void stageGate(int stage, long ok, long failed, long soakedMinutes, boolean advances) {
        RolloutPlan plan = RolloutPlan.percentages(Duration.ofHours(1), 10, 50, 100);
        Rollout r = Rollout.staged("rel", "prod", plan, Optional.empty(), RolloutGuard.defaults(), NOW);
        for (int i = 0; i < stage; i++) {
            r = r.advance(NOW);
        }
        RolloutStats stageStats = RolloutStats.empty();
        for (long i = 0; i < ok + failed; i++) {
            stageStats = stageStats.plus(i < ok, "e");
        }
        Instant at = NOW.plus(Duration.ofMinutes(soakedMinutes));
        assertEquals(advances, RolloutEvaluator.onTick(r, stageStats, at).changed().isPresent());
    }

    /** The buckets each stage admitted. */
    @ParameterizedTest
    @CsvSource({"0, 0, 1000", "1, 1000, 5000", "2, 5000, 10000"})
    void stageBuckets(int stage, int from, int to) {
        RolloutPlan plan = RolloutPlan.percentages(Duration.ofHours(1), 10, 50, 100);
        assertEquals(from, plan.fromBucket(stage));
        assertEquals(to, plan.toBucket(stage));
    }

    /** What counts: the first failing rule gives the reason. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "admitted device;             1.0.0; 1.1.0; in;  S3; 0;   ",
            "release unknown;             1.0.0; 9.9.9; in;  S3; 0;   unknown-release",
            "no rollout;                  1.0.0; 1.1.0; in;  S3; -1;  no-rollout",
            "not an update;               1.1.0; 1.1.0; in;  S3; 0;   not-an-update",
            "before the scheduled start;  1.0.0; 1.1.0; in;  S3; 60;  before-start",
            "outside the target;          1.0.0; 1.1.0; out; S3; 0;   not-admitted",
            "another model;               1.0.0; 1.1.0; in;  X9; 0;   model-mismatch",
            "model unknown yet;           1.0.0; 1.1.0; in;  ;   0;   ",
    })
    void whatCounts(String name, String from, String to, String where, String model, int startInMinutes,
                    String reason) {
        VoyagerFixture f = new VoyagerFixture();
        f.production("1.0.0");
        Release release = f.production("1.1.0", RolloutSpec.percent(10)); // for the fixture's model only
        Rollout rollout = f.voyager.rollouts().ofRelease(release.id());
        String device = where.equals("in") ? VoyagerFixture.devicesIn(rollout, 0, 1000, 1, "d").get(0)
                : VoyagerFixture.devicesIn(rollout, 1000, 10_000, 1, "d").get(0);
        Rollout withStart = startInMinutes > 0 ? new Rollout(rollout.id(), rollout.releaseId(),
                rollout.productId(), rollout.target(), rollout.plan(), rollout.stage(), rollout.stageStartedAt(),
                Optional.of(NOW.plus(Duration.ofMinutes(startInMinutes))), rollout.state(), rollout.pauseReason(),
                rollout.guard(), rollout.salt(), rollout.createdAt(), rollout.updatedAt(), rollout.revision())
                : rollout;
        DeviceReport report = new DeviceReport("r", device, VoyagerFixture.PRODUCT, Version.parse(from),
                Version.parse(to), Version.parse(from), ReportStatus.FAILED, Optional.empty(), Optional.empty(),
                ReportMetrics.none(), NOW);
        Optional<Release> known = to.equals("1.1.0") ? Optional.of(release) : Optional.empty();
        ReportAttribution a = ReportAttributor.attribute(report, known,
                startInMinutes < 0 ? Optional.empty() : Optional.of(withStart), Set.of(),
                Optional.ofNullable(model).map(m -> m.equals("S3") ? VoyagerFixture.S3 : m), NOW);
        assertEquals(Optional.ofNullable(reason), a.notCountedReason(), name);
        if (reason == null) {
            assertEquals(ReportAttribution.counted(rollout.id(), RolloutBuckets.bucket(rollout.salt(), device)), a);
        }
    }
}
