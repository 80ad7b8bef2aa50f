package io.voyagerota.testkit;

import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.ReportAttribution;
import io.voyagerota.device.DeviceSighting;
import io.voyagerota.device.DeviceState;
import io.voyagerota.device.RecordedReport;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.rollout.DeviceOutcome;
import io.voyagerota.rollout.RolloutStats;
import io.voyagerota.spi.FleetRegistry;
import io.voyagerota.spi.Registry;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.voyagerota.testkit.RegistryFixtures.MODEL;
import static io.voyagerota.testkit.RegistryFixtures.PRODUCT;
import static io.voyagerota.testkit.RegistryFixtures.T0;
import static io.voyagerota.testkit.RegistryFixtures.assertIdentical;
import static io.voyagerota.testkit.RegistryFixtures.catalogFor;
import static io.voyagerota.testkit.RegistryFixtures.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Device reports, device state, history, rollout counters and sightings: the {@link FleetRegistry} contract apart
 * from concurrency. Part of {@link RegistryCompatibilityKit}.
 */
public abstract class FleetRegistryCompatibilityKit {
    private static final ReportAttribution RO = ReportAttribution.counted("rollout-1", 0);
    private static final ReportAttribution R2 = ReportAttribution.counted("rollout-2", 0);
    private static final ReportAttribution NONE = ReportAttribution.notCounted(ReportAttribution.NO_ROLLOUT);

    protected Registry registry;
    protected FleetRegistry fleet;

    /** A fresh, empty registry; called before every test. */
    protected abstract Registry newRegistry();

    @BeforeEach
    void createRegistry() {
        registry = newRegistry();
        fleet = registry.fleet();
        catalogFor(registry.catalog(), "rollout-1", "rollout-2");
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static DeviceReport outcome(String id, String device, ReportStatus status, String code, long seconds) {
        return report(id, device, status, Optional.ofNullable(code), at(seconds));
    }

    private static DeviceSighting sighting(String device, String product, String model, String version,
                                           Instant when) {
        return new DeviceSighting(device, product, model, Version.parse(version), when);
    }

    private DeviceState device(String id) {
        return fleet.findDevice(id).orElseThrow(() -> new AssertionError("device " + id + " is not stored"));
    }

    // ---- record

    @Test
    void recordIsIdempotentByDeviceAndReportId() {
        DeviceReport failed = outcome("r-1", "dev-1", ReportStatus.FAILED, "sha256-mismatch", 1);
        assertTrue(fleet.record(failed, RO));
        DeviceState state = device("dev-1");
        assertFalse(fleet.record(failed, RO), "the same report again");
        // A device's report id is spent whatever comes with it: another status, rollout or attribution.
        assertFalse(fleet.record(outcome("r-1", "dev-1", ReportStatus.SUCCESS, null, 2), R2));
        assertFalse(fleet.record(outcome("r-1", "dev-1", ReportStatus.SUCCESS, null, 2), NONE));

        assertIdentical(state, device("dev-1"), "state unchanged");
        assertIdentical(List.of(RecordedReport.of(failed, RO)), fleet.recordedHistory("dev-1", 10), "history");
        assertEquals(new RolloutStats(0, 1, Map.of("sha256-mismatch", 1L)), fleet.stats("rollout-1"));
        assertEquals(RolloutStats.empty(), fleet.stats("rollout-2"));
        assertEquals(1, fleet.failuresSince("rollout-1", T0));
    }

    /** Regression: report ids were unique across devices, so one device could spend another's (predictable) ids. */
    @Test
    void anotherDevicesReportWithTheSameIdIsADifferentReport() {
        DeviceReport mine = outcome("r-1", "dev-1", ReportStatus.SUCCESS, null, 1);
        DeviceReport theirs = outcome("r-1", "dev-2", ReportStatus.FAILED, "flash-write", 2);
        assertTrue(fleet.record(theirs, RO), "dev-2 sends dev-1's next id first");
        assertTrue(fleet.record(mine, RO), "dev-1's own report is not a duplicate of dev-2's");
        assertFalse(fleet.record(mine, RO), "but dev-1 retrying it is");
        assertIdentical(List.of(mine), fleet.history("dev-1", 10), "dev-1's history");
        assertIdentical(List.of(theirs), fleet.history("dev-2", 10), "dev-2's history");
        assertEquals(new RolloutStats(1, 1, Map.of("flash-write", 1L)), fleet.stats("rollout-1"));
    }

    /** Regression: the counters counted reports, so one device's repeated failures weighed as many devices'. */
    @Test
    void aDeviceCountsOnceByItsLatestOutcome() {
        for (int i = 1; i <= 3; i++) {
            fleet.record(outcome("f-" + i, "dev-1", ReportStatus.FAILED, "flash-write", 10 + i), RO);
        }
        assertEquals(new RolloutStats(0, 1, Map.of("flash-write", 1L)), fleet.stats("rollout-1"), "three failures");
        fleet.record(outcome("ok", "dev-1", ReportStatus.SUCCESS, null, 20), RO);
        assertEquals(new RolloutStats(1, 0, Map.of()), fleet.stats("rollout-1"), "then a success replaces them");
        fleet.record(outcome("late", "dev-1", ReportStatus.ROLLED_BACK, null, 15), RO);
        assertEquals(new RolloutStats(1, 0, Map.of()), fleet.stats("rollout-1"), "an older outcome arriving late");
        fleet.record(outcome("tie", "dev-1", ReportStatus.ROLLED_BACK, null, 20), RO);
        assertEquals(new RolloutStats(0, 1, Map.of("rolled-back", 1L)), fleet.stats("rollout-1"),
                "on a tie the report recorded last wins");
        fleet.record(outcome("progress", "dev-1", ReportStatus.DOWNLOADING, null, 30), RO);
        fleet.record(outcome("elsewhere", "dev-1", ReportStatus.SUCCESS, null, 31), R2);
        assertEquals(new RolloutStats(0, 1, Map.of("rolled-back", 1L)), fleet.stats("rollout-1"),
                "progress, and outcomes of another rollout, leave it");
        assertEquals(new RolloutStats(1, 0, Map.of()), fleet.stats("rollout-2"));
        assertEquals(5, device("dev-1").updatesFailed(), "the device's own counters still count reports");
    }

    @Test
    void aReportThatDoesNotCountIsKeptWithItsReason() {
        DeviceReport foreign = outcome("f-1", "dev-1", ReportStatus.FAILED, "flash-write", 1);
        assertTrue(fleet.record(foreign, ReportAttribution.notCounted(ReportAttribution.NOT_ADMITTED)));
        RecordedReport kept = fleet.recordedHistory("dev-1", 10).get(0);
        assertIdentical(foreign, kept.report(), "the report");
        assertFalse(kept.counted());
        assertEquals(Optional.of(ReportAttribution.NOT_ADMITTED), kept.notCountedReason());
        assertEquals(RolloutStats.empty(), fleet.stats("rollout-1"));
        assertEquals(List.of(), fleet.latestOutcomes("rollout-1", 10));
        assertEquals(1, device("dev-1").updatesFailed(), "the device's state still moves");
    }

    @Test
    void stageStatsCountTheDevicesOfABucketRange() {
        int[] buckets = {0, 99, 100, 999, 1000, 4999, 5000, 9999};
        for (int i = 0; i < buckets.length; i++) {
            ReportStatus status = i % 4 == 3 ? ReportStatus.FAILED : ReportStatus.SUCCESS;
            fleet.record(outcome("r", "dev-" + i, status, "e", i), ReportAttribution.counted("rollout-1",
                    buckets[i]));
        }
        assertEquals(new RolloutStats(2, 0, Map.of()), fleet.stats("rollout-1", 0, 100), "first 1%");
        assertEquals(new RolloutStats(1, 1, Map.of("e", 1L)), fleet.stats("rollout-1", 100, 1000), "1% to 10%");
        assertEquals(new RolloutStats(2, 0, Map.of()), fleet.stats("rollout-1", 1000, 5000), "10% to 50%");
        assertEquals(new RolloutStats(1, 1, Map.of("e", 1L)), fleet.stats("rollout-1", 5000, 10_000));
        assertEquals(fleet.stats("rollout-1"), fleet.stats("rollout-1", 0, 10_000));
    }

    @Test
    void latestOutcomesAreNewestFirstThenByDeviceId() {
        fleet.record(outcome("a", "dev-b", ReportStatus.SUCCESS, null, 5), RO);
        fleet.record(outcome("b", "dev-a", ReportStatus.FAILED, "e", 5), ReportAttribution.counted("rollout-1", 42));
        fleet.record(outcome("c", "dev-c", ReportStatus.SUCCESS, null, 9), RO);
        fleet.record(outcome("d", "dev-d", ReportStatus.SUCCESS, null, 1), RO);
        fleet.record(outcome("e", "dev-d", ReportStatus.ROLLED_BACK, null, 2), RO);
        assertIdentical(List.of(
                new DeviceOutcome("dev-c", ReportStatus.SUCCESS, Optional.empty(), 0, at(9)),
                new DeviceOutcome("dev-a", ReportStatus.FAILED, Optional.of("e"), 42, at(5)),
                new DeviceOutcome("dev-b", ReportStatus.SUCCESS, Optional.empty(), 0, at(5))),
                fleet.latestOutcomes("rollout-1", 3), "newest three");
        assertEquals(4, fleet.latestOutcomes("rollout-1", 100).size(), "one per device");
        assertEquals(new DeviceOutcome("dev-d", ReportStatus.ROLLED_BACK, Optional.of("rolled-back"), 0, at(2)),
                fleet.latestOutcomes("rollout-1", 100).get(3));
        assertEquals(List.of(), fleet.latestOutcomes("rollout-2", 10));
    }

    @Test
    void stateFollowsFirstThenAfterEveryReport() {
        List<DeviceReport> reports = List.of(
                outcome("r-1", "dev-1", ReportStatus.DOWNLOADING, null, 1),
                outcome("r-2", "dev-1", ReportStatus.FAILED, "flash-write", 2),
                outcome("r-3", "dev-1", ReportStatus.INSTALLING, null, 3),
                outcome("r-4", "dev-1", ReportStatus.SUCCESS, null, 5),
                outcome("r-5", "dev-1", ReportStatus.REBOOTING, null, 4), // late: last-seen stays at 5
                outcome("r-6", "dev-1", ReportStatus.ROLLED_BACK, null, 6),
                outcome("r-7", "dev-1", ReportStatus.FAILED, null, 7));
        DeviceState expected = null;
        for (DeviceReport r : reports) {
            assertTrue(fleet.record(r, RO));
            expected = expected == null ? DeviceState.first(r) : expected.after(r);
            assertIdentical(expected, device("dev-1"), "after " + r.reportId());
        }
        assertEquals(1, expected.updatesSucceeded());
        assertEquals(3, expected.updatesFailed());
    }

    @Test
    void aReportOnATouchedDeviceKeepsItsModel() {
        fleet.touch(List.of(sighting("dev-1", PRODUCT, MODEL, "1.0.0", T0)));
        DeviceState touched = new DeviceState("dev-1", PRODUCT, Optional.of(MODEL), Version.parse("1.0.0"),
                Optional.empty(), Optional.empty(), T0, 0, 0);
        assertIdentical(touched, device("dev-1"), "touched");
        DeviceReport success = outcome("r-1", "dev-1", ReportStatus.SUCCESS, null, 1);
        fleet.record(success, NONE);
        assertIdentical(touched.after(success), device("dev-1"), "after the report");
    }

    @Test
    void historyIsNewestFirstAndLimited() {
        List<DeviceReport> recorded = new ArrayList<>();
        ReportStatus[] statuses = ReportStatus.values();
        for (int i = 0; i < 7; i++) {
            DeviceReport r = outcome("r-" + i, "dev-1", statuses[i % statuses.length],
                    i % 2 == 0 ? "err-" + i : null, 10 + i);
            fleet.record(r, i % 3 == 0 ? NONE : RO);
            recorded.add(0, r);
        }
        DeviceReport other = outcome("r-other", "dev-2", ReportStatus.SUCCESS, null, 100);
        fleet.record(other, RO);

        assertIdentical(recorded, fleet.history("dev-1", 100), "whole history");
        assertIdentical(recorded.subList(0, 3), fleet.history("dev-1", 3), "newest three");
        assertIdentical(recorded.subList(0, 1), fleet.history("dev-1", 1), "newest");
        assertIdentical(List.of(other), fleet.history("dev-2", 100), "other device");
        assertEquals(List.of(), fleet.history("no-such-device", 5));
    }

    @Test
    void statsCountOnlyOutcomesAndOnlyForTheGivenRollout() {
        for (ReportStatus progress : List.of(ReportStatus.DOWNLOADING, ReportStatus.INSTALLING,
                ReportStatus.REBOOTING)) {
            fleet.record(outcome("p-" + progress, "dev-p", progress, "not-an-outcome", 1), RO);
        }
        fleet.record(outcome("s-1", "dev-1", ReportStatus.SUCCESS, null, 1), RO);
        fleet.record(outcome("s-2", "dev-2", ReportStatus.SUCCESS, null, 1), RO);
        fleet.record(outcome("f-1", "dev-3", ReportStatus.FAILED, "sha256-mismatch", 1), RO);
        fleet.record(outcome("f-2", "dev-4", ReportStatus.FAILED, "sha256-mismatch", 1), RO);
        fleet.record(outcome("f-3", "dev-5", ReportStatus.FAILED, null, 1), RO);
        fleet.record(outcome("b-1", "dev-6", ReportStatus.ROLLED_BACK, null, 1), RO);
        fleet.record(outcome("b-2", "dev-7", ReportStatus.ROLLED_BACK, "boot-loop", 1), RO);
        fleet.record(outcome("f-1", "dev-3", ReportStatus.FAILED, "sha256-mismatch", 1), RO); // a retry
        fleet.record(outcome("x-1", "dev-8", ReportStatus.FAILED, "no-rollout", 1), NONE);
        fleet.record(outcome("x-2", "dev-9", ReportStatus.SUCCESS, null, 1), NONE);
        fleet.record(outcome("o-1", "dev-10", ReportStatus.ROLLED_BACK, "other", 1), R2);

        assertEquals(new RolloutStats(2, 5, Map.of("sha256-mismatch", 2L, "unspecified", 1L, "rolled-back", 1L,
                "boot-loop", 1L)), fleet.stats("rollout-1"));
        assertEquals(new RolloutStats(0, 1, Map.of("other", 1L)), fleet.stats("rollout-2"));
        assertEquals(RolloutStats.empty(), fleet.stats("no-such-rollout"));
        assertEquals(1, device("dev-8").updatesFailed(), "device counters count without a rollout");
    }

    @Test
    void failuresSinceCountsFailedOutcomesAtOrAfterTheInstant() {
        // Recorded out of time order: the count follows reportedAt, not arrival.
        fleet.record(outcome("f-3", "dev-3", ReportStatus.FAILED, "e", 3), RO);
        fleet.record(outcome("f-1", "dev-1", ReportStatus.FAILED, null, 1), RO);
        fleet.record(outcome("b-2", "dev-2", ReportStatus.ROLLED_BACK, null, 2), RO);
        fleet.record(outcome("s-2", "dev-4", ReportStatus.SUCCESS, null, 2), RO);
        fleet.record(outcome("p-3", "dev-5", ReportStatus.DOWNLOADING, "e", 3), RO);
        fleet.record(outcome("x-3", "dev-6", ReportStatus.FAILED, "e", 3), NONE);
        fleet.record(outcome("o-3", "dev-7", ReportStatus.FAILED, "e", 3), R2);

        assertEquals(3, fleet.failuresSince("rollout-1", T0));
        assertEquals(3, fleet.failuresSince("rollout-1", at(1)));
        assertEquals(2, fleet.failuresSince("rollout-1", at(1).plusMillis(1)));
        assertEquals(2, fleet.failuresSince("rollout-1", at(2)));
        assertEquals(1, fleet.failuresSince("rollout-1", at(3)));
        assertEquals(0, fleet.failuresSince("rollout-1", at(3).plusMillis(1)));
        assertEquals(1, fleet.failuresSince("rollout-2", T0));
        assertEquals(0, fleet.failuresSince("no-such-rollout", T0));
    }

    // ---- touch

    @Test
    void touchCreatesUnknownDevices() {
        fleet.touch(List.of(sighting("dev-a", PRODUCT, MODEL, "1.2.3-rc.1+b7", T0),
                sighting("dev-b", "other", "X-1", "0.1.0", T0.plusMillis(5))));
        fleet.touch(List.of());
        assertIdentical(new DeviceState("dev-a", PRODUCT, Optional.of(MODEL), Version.parse("1.2.3-rc.1+b7"),
                Optional.empty(), Optional.empty(), T0, 0, 0), device("dev-a"), "dev-a");
        assertIdentical(new DeviceState("dev-b", "other", Optional.of("X-1"), Version.parse("0.1.0"),
                Optional.empty(), Optional.empty(), T0.plusMillis(5), 0, 0), device("dev-b"), "dev-b");
        assertEquals(List.of(), fleet.history("dev-a", 10), "a sighting is not a report");
    }

    @Test
    void touchUpdatesModelVersionAndLastSeenAndKeepsTheRest() {
        fleet.record(outcome("r-1", "dev-1", ReportStatus.SUCCESS, null, 1), RO);
        fleet.record(outcome("r-2", "dev-1", ReportStatus.FAILED, "flash-write", 2), RO);
        DeviceState before = device("dev-1");
        RolloutStats stats = fleet.stats("rollout-1");

        fleet.touch(List.of(sighting("dev-1", PRODUCT, "LC-2", "1.1.0+build.10", at(10))));
        assertIdentical(new DeviceState("dev-1", PRODUCT, Optional.of("LC-2"), Version.parse("1.1.0+build.10"),
                before.lastStatus(), before.lastError(), at(10), 1, 1), device("dev-1"), "after the sighting");
        assertEquals(2, fleet.history("dev-1", 10).size());
        assertEquals(stats, fleet.stats("rollout-1"));
    }

    /** A sighting older than what is known is stale: it moves nothing back, neither last-seen nor the version. */
    @Test
    void touchNeverMovesLastSeenBackwards() {
        fleet.touch(List.of(sighting("dev-1", PRODUCT, "A", "2.0.0", at(10))));
        DeviceState newest = device("dev-1");
        fleet.touch(List.of(sighting("dev-1", PRODUCT, "B", "1.0.0", at(5))));
        assertIdentical(newest, device("dev-1"), "after an older sighting");

        fleet.touch(List.of(sighting("dev-2", PRODUCT, "A", "3.0.0", at(20)),
                sighting("dev-2", PRODUCT, "B", "2.0.0", at(15))));
        assertEquals(at(20), device("dev-2").lastSeen());
        assertEquals("3.0.0", device("dev-2").currentVersion().toString(), "the newest sighting of a batch wins");

        DeviceReport late = outcome("r-1", "dev-3", ReportStatus.SUCCESS, null, 30);
        fleet.record(late, NONE);
        DeviceState reported = device("dev-3");
        fleet.touch(List.of(sighting("dev-3", PRODUCT, "A", "1.0.0", at(25))));
        assertIdentical(new DeviceState("dev-3", reported.productId(), Optional.of("A"), reported.currentVersion(),
                reported.lastStatus(), reported.lastError(), reported.lastSeen(), reported.updatesSucceeded(),
                reported.updatesFailed()), device("dev-3"),
                "a sighting older than the last report moves nothing back, but names the model no report carries");
        fleet.touch(List.of(sighting("dev-3", PRODUCT, "B", "0.9.0", at(26))));
        assertEquals(Optional.of("A"), device("dev-3").model(), "a stale sighting never replaces a known model");
    }

    // ---- devices

    @Test
    void devicesArePagedByIdAndFilteredByProduct() {
        // Plain code-point order: upper case before lower case, '-' before '.', "a-10" before "a-2".
        List<String> ours = List.of("z", "a.1", "A-2", "a-2", "dev:01", "a-10", "B", "a-1");
        List<String> theirs = List.of("a-15", "b", "dev:00", "A-3");
        for (int i = 0; i < ours.size(); i++) {
            if (i % 2 == 0) {
                fleet.touch(List.of(sighting(ours.get(i), PRODUCT, MODEL, "1.0.0", at(i))));
            } else {
                fleet.record(outcome("r-" + i, ours.get(i), ReportStatus.SUCCESS, null, i), NONE);
            }
        }
        for (String id : theirs) {
            fleet.touch(List.of(sighting(id, "other", MODEL, "1.0.0", T0)));
        }
        List<String> expected = ours.stream().sorted().toList();

        List<String> paged = new ArrayList<>();
        String after = "";
        for (int pages = 0; ; pages++) {
            List<DeviceState> page = fleet.devices(PRODUCT, after, 3);
            if (page.isEmpty()) {
                break;
            }
            assertTrue(pages < expected.size(), "paging never ends: " + paged);
            assertTrue(page.size() <= 3, "page of " + page.size());
            String start = after;
            assertTrue(page.get(0).deviceId().compareTo(start) > 0, () -> "the page after " + start
                    + " starts at " + page.get(0).deviceId());
            page.forEach(d -> paged.add(d.deviceId()));
            after = page.get(page.size() - 1).deviceId();
        }
        assertEquals(expected, paged);
        assertEquals(expected.stream().map(this::device).toList(), fleet.devices(PRODUCT, "", 100));
        assertEquals(List.of("a-10", "a-2"), ids(fleet.devices(PRODUCT, "a-1", 2)));
        assertEquals(List.of("a-2", "a.1", "dev:01"), ids(fleet.devices(PRODUCT, "a-100", 3)), "after an absent id");
        assertEquals(theirs.stream().sorted().toList(), ids(fleet.devices("other", "", 100)));
        assertEquals(List.of(), fleet.devices("no-such-product", "", 10));
    }

    private static List<String> ids(List<DeviceState> devices) {
        return devices.stream().map(DeviceState::deviceId).toList();
    }
}
