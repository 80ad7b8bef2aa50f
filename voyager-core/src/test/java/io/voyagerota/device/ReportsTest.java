package io.voyagerota.device;

import io.voyagerota.Devices.ReportOutcome;
import io.voyagerota.NotFoundException;
import io.voyagerota.catalog.Release;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.decision.NoUpdate;
import io.voyagerota.event.FailureBurst;
import io.voyagerota.event.RolloutPaused;
import io.voyagerota.event.SuccessRateLow;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutGuard;
import io.voyagerota.rollout.RolloutSpec;
import io.voyagerota.rollout.RolloutState;
import io.voyagerota.rollout.RolloutStats;
import io.voyagerota.testing.VoyagerFixture;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static io.voyagerota.testing.VoyagerFixture.PRODUCT;
import static io.voyagerota.testing.VoyagerFixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportsTest {
    private final VoyagerFixture f = new VoyagerFixture();
    private int next;

    private DeviceReport report(String device, ReportStatus status, String running) {
        return report("r-" + next++, device, status, running, Optional.empty());
    }

    private DeviceReport report(String id, String device, ReportStatus status, String running,
                                Optional<String> error) {
        return new DeviceReport(id, device, PRODUCT, Version.parse("1.0.0"), Version.parse("1.1.0"),
                Version.parse(running), status, error, error.map(e -> "failed: " + e),
                new ReportMetrics(OptionalLong.of(15_000), OptionalLong.of(1_536_000), OptionalLong.empty(),
                        OptionalInt.of(85), OptionalInt.empty()), f.clock.instant());
    }

    private Rollout rolloutOf(Release r) {
        return f.voyager.rollouts().ofRelease(r.id());
    }

    @Test
    void aSuccessCountsOnlyOnceTheNewImageBootedAndMarkedItselfValid() {
        f.production("1.0.0");
        Release target = f.production("1.1.0", RolloutSpec.percent(10));
        String d1 = VoyagerFixture.devicesIn(rolloutOf(target), 0, 1000, 1, "d").get(0);
        InvalidReportException early = assertThrows(InvalidReportException.class,
                () -> report("d1", ReportStatus.SUCCESS, "1.0.0"));
        assertTrue(early.getMessage().contains("SUCCESS means the device booted 1.1.0"), early.getMessage());
        assertThrows(InvalidReportException.class, () -> report("d1", ReportStatus.ROLLED_BACK, "1.1.0"));

        f.voyager.devices().report(report(d1, ReportStatus.DOWNLOADING, "1.0.0"));
        f.voyager.devices().report(report(d1, ReportStatus.REBOOTING, "1.0.0"));
        assertEquals(RolloutStats.empty(), f.voyager.rollouts().stats(rolloutOf(target).id()),
                "progress is not an outcome");
        f.voyager.devices().report(report(d1, ReportStatus.SUCCESS, "1.1.0"));
        assertEquals(new RolloutStats(1, 0, Map.of()), f.voyager.rollouts().stats(rolloutOf(target).id()));
    }

    @Test
    void reportsAreIdempotentByReportId() {
        f.production("1.0.0");
        Release target = f.production("1.1.0");
        DeviceReport failed = report("same-id", "d1", ReportStatus.FAILED, "1.0.0", Optional.of("sha256-mismatch"));
        assertEquals(ReportOutcome.RECORDED, f.voyager.devices().report(failed));
        assertEquals(ReportOutcome.DUPLICATE, f.voyager.devices().report(failed));
        assertEquals(new RolloutStats(0, 1, Map.of("sha256-mismatch", 1L)),
                f.voyager.rollouts().stats(rolloutOf(target).id()));
        assertEquals(1, f.voyager.devices().history("d1", 10).size());
        assertEquals(1, f.voyager.devices().get("d1").updatesFailed());
    }

    @Test
    void reportsUpdateDeviceStateAndHistory() {
        f.production("1.0.0");
        f.production("1.1.0");
        f.voyager.devices().report(report("d1", ReportStatus.DOWNLOADING, "1.0.0"));
        f.clock.advance(Duration.ofSeconds(30));
        f.voyager.devices().report(report("d1", ReportStatus.SUCCESS, "1.1.0"));
        DeviceState d = f.voyager.devices().get("d1");
        assertEquals(Version.parse("1.1.0"), d.currentVersion());
        assertEquals(Optional.of(ReportStatus.SUCCESS), d.lastStatus());
        assertEquals(1, d.updatesSucceeded());
        assertEquals(f.clock.instant(), d.lastSeen());
        List<DeviceReport> history = f.voyager.devices().history("d1", 10);
        assertEquals(List.of(ReportStatus.SUCCESS, ReportStatus.DOWNLOADING),
                history.stream().map(DeviceReport::status).toList(), "newest first");
        assertEquals(OptionalLong.of(100), history.get(0).metrics().downloadKilobytesPerSecond());
    }

    @Test
    void aRollbackIsAFailureWithItsOwnReason() {
        f.production("1.0.0");
        Release target = f.production("1.1.0");
        f.voyager.devices().report(report("d1", ReportStatus.ROLLED_BACK, "1.0.0"));
        assertEquals(Map.of("rolled-back", 1L), f.voyager.rollouts().stats(rolloutOf(target).id()).failuresByReason());
        assertEquals(Version.parse("1.0.0"), f.voyager.devices().get("d1").currentVersion());
    }

    @Test
    void aRolloutPausesItselfWhenFailuresSpikeAndThePauseSticks() {
        f.production("1.0.0");
        Release target = f.production("1.1.0", RolloutSpec.all()
                .guardedBy(new RolloutGuard(0.3, 10, 0.9, 100, Duration.ofHours(1))));
        for (int i = 0; i < 7; i++) {
            f.voyager.devices().report(report("ok-" + i, ReportStatus.SUCCESS, "1.1.0"));
        }
        for (int i = 0; i < 2; i++) {
            f.voyager.devices().report(report("bad-" + i, ReportStatus.FAILED, "1.0.0"));
        }
        assertEquals(RolloutState.ACTIVE, rolloutOf(target).state(), "9 outcomes: below the minimum sample");
        f.voyager.devices().report(report("bad-2", ReportStatus.FAILED, "1.0.0"));
        Rollout paused = rolloutOf(target);
        assertEquals(RolloutState.PAUSED, paused.state(), "3 of 10 failed: 30% reached");
        assertEquals(1, f.events(RolloutPaused.class).size());
        assertTrue(f.events(RolloutPaused.class).get(0).automatic());
        assertEquals(1, f.events(SuccessRateLow.class).size());
        assertInstanceOf(NoUpdate.class, f.voyager.check(DeviceCheck.of("new", PRODUCT, S3, Version.parse("1.0.0"))));
        assertEquals(RolloutState.PAUSED, f.registry.catalog().findRollout(paused.id()).orElseThrow().state(),
                "stored, so it survives a restart");

        f.voyager.rollouts().resume(paused.id());
        assertTrue(f.voyager.check(DeviceCheck.of("new", PRODUCT, S3, Version.parse("1.0.0"))).isOffer());
    }

    @Test
    void aBurstOfFailuresRaisesOneAlert() {
        f.production("1.0.0");
        f.production("1.1.0", RolloutSpec.all()
                .guardedBy(new RolloutGuard(1.0, 1000, 0.0, 3, Duration.ofMinutes(10))));
        for (int i = 0; i < 5; i++) {
            f.voyager.devices().report(report("bad-" + i, ReportStatus.FAILED, "1.0.0"));
        }
        assertEquals(1, f.events(FailureBurst.class).size());
        assertEquals(3, f.events(FailureBurst.class).get(0).failures());
    }

    @Test
    void reportsForUnknownProductsAreRefused() {
        DeviceReport r = new DeviceReport("x", "d", "ghost", Version.parse("1.0.0"), Version.parse("1.1.0"),
                Version.parse("1.0.0"), ReportStatus.FAILED, Optional.empty(), Optional.empty(),
                ReportMetrics.none(), f.clock.instant());
        assertThrows(NotFoundException.class, () -> f.voyager.devices().report(r));
    }

    @Test
    void malformedReportFieldsAreRejectedWithTheFieldNamed() {
        var e = assertThrows(io.voyagerota.InvalidInputException.class, () -> new DeviceReport("bad id", "d",
                PRODUCT, Version.parse("1.0.0"), Version.parse("1.1.0"), Version.parse("1.0.0"),
                ReportStatus.FAILED, Optional.empty(), Optional.empty(), ReportMetrics.none(), f.clock.instant()));
        assertTrue(e.getMessage().startsWith("reportId \"bad id\" is not valid"), e.getMessage());
        assertThrows(io.voyagerota.InvalidInputException.class, () -> new ReportMetrics(OptionalLong.empty(),
                OptionalLong.empty(), OptionalLong.empty(), OptionalInt.of(120), OptionalInt.empty()));
    }
}
