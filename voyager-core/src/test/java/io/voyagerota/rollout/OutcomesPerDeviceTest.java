package io.voyagerota.rollout;

import io.voyagerota.Devices.ReportOutcome;
import io.voyagerota.catalog.Release;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.RecordedReport;
import io.voyagerota.device.ReportAttribution;
import io.voyagerota.device.ReportMetrics;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.testing.VoyagerFixture;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.voyagerota.testing.VoyagerFixture.PRODUCT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probes of issue 13 (items 1 and 2), end to end through {@code Devices.report} and the tick. */
class OutcomesPerDeviceTest {
    private final VoyagerFixture f = new VoyagerFixture();

    private DeviceReport report(String id, String device, String to, ReportStatus status, Instant at) {
        boolean failed = status != ReportStatus.SUCCESS && status.isOutcome();
        return new DeviceReport(id, device, PRODUCT, Version.parse("1.0.0"), Version.parse(to),
                Version.parse(status == ReportStatus.SUCCESS ? to : "1.0.0"), status,
                failed ? Optional.of("flash-write") : Optional.empty(), Optional.empty(), ReportMetrics.none(), at);
    }

    private DeviceReport report(String id, String device, ReportStatus status) {
        return report(id, device, "1.1.0", status, f.clock.instant());
    }

    private Rollout rolloutOf(Release r) {
        return f.voyager.rollouts().ofRelease(r.id());
    }

    @Test
    void oneDevicesThreeFailuresAgainstEightGoodDevicesDoNotPause() {
        f.production("1.0.0");
        Release r = f.production("1.1.0");
        for (int i = 0; i < 8; i++) {
            f.voyager.devices().report(report("ok", "good-" + i, ReportStatus.SUCCESS));
        }
        for (int attempt = 1; attempt <= 3; attempt++) {
            f.voyager.devices().report(report("bad-1." + attempt + "-c", "bad", ReportStatus.FAILED));
        }
        assertEquals(new RolloutStats(8, 1, Map.of("flash-write", 1L)), f.voyager.rollouts().stats(rolloutOf(r).id()));
        assertEquals(RolloutState.ACTIVE, rolloutOf(r).state(), "9 devices, 1 failed: below the minimum sample");
    }

    @Test
    void tenReportsDoNotCarryAPlanThroughThreeStages() {
        f.production("1.0.0");
        Release r = f.production("1.1.0", RolloutSpec.staged(RolloutPlan.percentages(Duration.ofHours(1), 10, 50,
                100)));
        for (String d : VoyagerFixture.devicesIn(rolloutOf(r), 0, 1000, 10, "first")) {
            f.voyager.devices().report(report("ok", d, ReportStatus.SUCCESS));
        }
        f.clock.advance(Duration.ofHours(1));
        f.voyager.tick();
        assertEquals(1, rolloutOf(r).stage(), "the first stage's 10 devices carry it to 50%");
        f.clock.advance(Duration.ofHours(1));
        f.voyager.tick();
        f.clock.advance(Duration.ofHours(1));
        f.voyager.tick();
        assertEquals(1, rolloutOf(r).stage(), "no device of the 10%-50% stage has reported: it stays at 50%");

        for (String d : VoyagerFixture.devicesIn(rolloutOf(r), 1000, 5000, 10, "second")) {
            f.voyager.devices().report(report("ok", d, ReportStatus.SUCCESS));
        }
        f.voyager.tick();
        assertEquals(2, rolloutOf(r).stage(), "its own 10 devices carry it on");
    }

    @Test
    void aLateSpikeAfterManyEarlySuccessesPauses() {
        f.production("1.0.0");
        Release r = f.production("1.1.0");
        for (int i = 0; i < 300; i++) {
            f.voyager.devices().report(report("ok", "early-" + i, ReportStatus.SUCCESS));
            f.clock.advance(Duration.ofMinutes(1));
        }
        f.clock.advance(Duration.ofHours(2));
        for (int i = 0; i < 10; i++) {
            f.voyager.devices().report(report("bad", "late-" + i, ReportStatus.FAILED));
        }
        Rollout paused = rolloutOf(r);
        assertEquals(RolloutState.PAUSED, paused.state(), "10 of 310 overall, but 10 of 10 in the last hour");
        assertTrue(paused.pauseReason().orElseThrow().contains("over the 10 devices reported in the last PT1H"),
                paused.pauseReason().orElseThrow());
    }

    @Test
    void aReportForAReleaseTheDeviceWasNeverOfferedDoesNotCount() {
        f.production("1.0.0");
        Release r = f.production("1.1.0", RolloutSpec.percent(10));
        String outside = VoyagerFixture.devicesIn(rolloutOf(r), 1000, 10_000, 1, "outside").get(0);
        for (int i = 0; i < 12; i++) {
            assertEquals(ReportOutcome.RECORDED,
                    f.voyager.devices().report(report("x-" + i, outside, ReportStatus.FAILED)));
        }
        f.voyager.devices().report(report("y", "anyone", "9.9.9", ReportStatus.FAILED, f.clock.instant()));
        assertEquals(RolloutStats.empty(), f.voyager.rollouts().stats(rolloutOf(r).id()));
        assertEquals(RolloutState.ACTIVE, rolloutOf(r).state());
        RecordedReport kept = f.voyager.devices().recordedHistory(outside, 1).get(0);
        assertFalse(kept.counted());
        assertEquals(Optional.of(ReportAttribution.NOT_ADMITTED), kept.notCountedReason());
        assertEquals(Optional.of(ReportAttribution.UNKNOWN_RELEASE),
                f.voyager.devices().recordedHistory("anyone", 1).get(0).notCountedReason());
    }

    @Test
    void aDeviceReusingAnotherDevicesReportIdIsNotDeduplicatedAgainstIt() {
        f.production("1.0.0");
        Release r = f.production("1.1.0");
        // The SDK's ids are predictable (<device>-<sequence>.<attempt>-<letter>): dev-b sends dev-a's next one.
        assertEquals(ReportOutcome.RECORDED, f.voyager.devices().report(report("dev-a-7.1-c", "dev-b",
                ReportStatus.FAILED)));
        assertEquals(ReportOutcome.RECORDED, f.voyager.devices().report(report("dev-a-7.1-c", "dev-a",
                ReportStatus.SUCCESS)));
        assertEquals(ReportOutcome.DUPLICATE, f.voyager.devices().report(report("dev-a-7.1-c", "dev-a",
                ReportStatus.SUCCESS)));
        assertEquals(new RolloutStats(1, 1, Map.of("flash-write", 1L)), f.voyager.rollouts().stats(rolloutOf(r).id()));
        assertEquals(List.of("dev-a-7.1-c"), f.voyager.devices().history("dev-a", 10).stream()
                .map(DeviceReport::reportId).toList());
    }
}
