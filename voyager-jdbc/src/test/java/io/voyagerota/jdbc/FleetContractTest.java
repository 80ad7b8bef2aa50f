package io.voyagerota.jdbc;

import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.ReportAttribution;
import io.voyagerota.device.DeviceSighting;
import io.voyagerota.device.DeviceState;
import io.voyagerota.device.ReportMetrics;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.rollout.RolloutStats;
import io.voyagerota.spi.FleetRegistry;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static io.voyagerota.jdbc.Fixtures.PRODUCT;
import static io.voyagerota.jdbc.Fixtures.T0;
import static io.voyagerota.jdbc.Fixtures.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@link FleetRegistry} contract, clause by clause, on a real database. */
abstract class FleetContractTest extends DatabaseTest {
    private static final ReportAttribution ROLLOUT = ReportAttribution.counted("rollout-1", 0);
    private FleetRegistry fleet;

    @BeforeEach
    void fleet() {
        fleet = registry.fleet();
    }

    private DeviceState device(String id) {
        return fleet.findDevice(id).orElseThrow(() -> new AssertionError("device " + id + " is missing"));
    }

    private static DeviceSighting sighting(String device, String version, long atSeconds) {
        return new DeviceSighting(device, PRODUCT, "locker-s3", Version.parse(version), T0.plusSeconds(atSeconds));
    }

    @Test
    void aReportOfANewDeviceCreatesItFromTheReport() {
        DeviceReport failed = report("r-1", "dev-1", ReportStatus.FAILED, T0);
        assertTrue(fleet.record(failed, ROLLOUT));
        assertEquals(DeviceState.first(failed), device("dev-1"));
        assertEquals(List.of(failed), fleet.history("dev-1", 10));
        assertEquals(Optional.empty(), fleet.findDevice("dev-2"));
    }

    @Test
    void reportsMoveTheDeviceOnAndCountOutcomesOnce() {
        DeviceReport downloading = report("r-1", "dev-1", ReportStatus.DOWNLOADING, T0);
        DeviceReport failed = report("r-2", "dev-1", ReportStatus.FAILED, T0.plusSeconds(10));
        DeviceReport late = report("r-3", "dev-1", ReportStatus.ROLLED_BACK, T0.plusSeconds(5)); // arrives late
        DeviceReport success = report("r-4", "dev-1", ReportStatus.SUCCESS, T0.plusSeconds(20));
        DeviceState expected = DeviceState.first(downloading);
        for (DeviceReport r : List.of(downloading, failed, late, success)) {
            assertTrue(fleet.record(r, ROLLOUT), r.reportId());
            expected = expected.after(r);
            assertEquals(expected, device("dev-1"), "after " + r.reportId());
        }
        assertEquals(T0.plusSeconds(20), expected.lastSeen());
        assertEquals(1, expected.updatesSucceeded());
        assertEquals(2, expected.updatesFailed());

        assertFalse(fleet.record(failed, ROLLOUT), "a retried report is not recorded again");
        assertEquals(expected, device("dev-1"));
        assertEquals(new RolloutStats(1, 0, Map.of()), fleet.stats("rollout-1"), "dev-1's latest outcome");
        assertTrue(fleet.record(report("r-2", "dev-9", ReportStatus.FAILED, T0), ROLLOUT),
                "another device's r-2 is another report");
        assertEquals(new RolloutStats(1, 1, Map.of("sha256-mismatch", 1L)), fleet.stats("rollout-1"));
        assertEquals(List.of(success, late, failed, downloading), fleet.history("dev-1", 10), "newest first");
        assertEquals(List.of(success, late), fleet.history("dev-1", 2));
        assertEquals(List.of(), fleet.history("dev-1", 0));
        assertThrows(IllegalArgumentException.class, () -> fleet.history("dev-1", -1));
    }

    @Test
    void onlyOutcomesWithARolloutAreCounted() {
        fleet.record(report("r-1", "dev-1", ReportStatus.SUCCESS, T0), ReportAttribution.notCounted(ReportAttribution.NO_ROLLOUT));
        fleet.record(report("r-2", "dev-1", ReportStatus.INSTALLING, T0), ROLLOUT);
        fleet.record(report("r-3", "dev-2", ReportStatus.FAILED, T0), ReportAttribution.counted("rollout-2", 0));
        assertEquals(RolloutStats.empty(), fleet.stats("rollout-1"));
        assertEquals(new RolloutStats(0, 1, Map.of("sha256-mismatch", 1L)), fleet.stats("rollout-2"));
        assertEquals(RolloutStats.empty(), fleet.stats("no-such-rollout"));
        assertEquals(0, fleet.failuresSince("rollout-1", T0.minusSeconds(1)));
    }

    @Test
    void failuresSinceCountsFailedOutcomesAtOrAfterTheInstant() {
        fleet.record(report("r-1", "dev-1", ReportStatus.FAILED, T0), ROLLOUT);
        fleet.record(report("r-2", "dev-2", ReportStatus.ROLLED_BACK, T0.plusSeconds(60)), ROLLOUT);
        fleet.record(report("r-3", "dev-3", ReportStatus.SUCCESS, T0.plusSeconds(61)), ROLLOUT);
        fleet.record(report("r-4", "dev-4", ReportStatus.FAILED, T0.plusSeconds(120)), ReportAttribution.counted("other", 0));
        assertEquals(2, fleet.failuresSince("rollout-1", T0));
        assertEquals(1, fleet.failuresSince("rollout-1", T0.plusMillis(1)));
        assertEquals(1, fleet.failuresSince("rollout-1", T0.plusSeconds(60)));
        assertEquals(0, fleet.failuresSince("rollout-1", T0.plusSeconds(60).plusMillis(1)));
    }

    @Test
    void everyReportFieldRoundTrips() {
        ReportMetrics metrics = new ReportMetrics(OptionalLong.of(15_000), OptionalLong.of(1_572_864),
                OptionalLong.of(0), OptionalInt.of(85), OptionalInt.of(-67));
        DeviceReport full = new DeviceReport("01HXYZ:report.1_a-b", "24:0a:c4:12:34:56", PRODUCT,
                Version.parse("1.0.0+old"), Version.parse("2.0.0-rc.1+ci.5"), Version.parse("1.0.0"),
                ReportStatus.ROLLED_BACK, Optional.of("boot-loop"),
                Optional.of("new image crashed before esp_ota_mark_app_valid \u2013 rolled back"), metrics,
                T0.plusMillis(123));
        assertTrue(fleet.record(full, ROLLOUT));
        DeviceReport read = fleet.history(full.deviceId(), 1).get(0);
        assertEquals(full, read);
        assertTrue(read.toVersion().identicalTo(full.toVersion()));
        assertEquals(Optional.of(full.errorMessage().get()), device(full.deviceId()).lastError());
    }

    @Test
    void sightingsCreateDevicesAndNeverMoveLastSeenBackwards() {
        fleet.record(report("r-1", "dev-1", ReportStatus.FAILED, T0.plusSeconds(10)), ROLLOUT);
        DeviceState reported = device("dev-1");

        fleet.touch(List.of(sighting("dev-1", "1.0.1", 20), sighting("dev-2", "0.9.0", 5),
                sighting("dev-2", "0.9.1", 6), sighting("dev-2", "0.8.0", 4)));
        assertEquals(new DeviceState("dev-1", PRODUCT, Optional.of("locker-s3"), Version.parse("1.0.1"),
                reported.lastStatus(), reported.lastError(), T0.plusSeconds(20), 0, 1), device("dev-1"),
                "a sighting keeps the update outcome");
        assertEquals(new DeviceState("dev-2", PRODUCT, Optional.of("locker-s3"), Version.parse("0.9.1"),
                Optional.empty(), Optional.empty(), T0.plusSeconds(6), 0, 0), device("dev-2"),
                "the latest sighting of a batch wins");

        fleet.touch(List.of(sighting("dev-1", "0.1.0", 19)));
        assertEquals(Version.parse("1.0.1"), device("dev-1").currentVersion(), "an older sighting changes nothing");
        fleet.touch(List.of(sighting("dev-1", "1.0.2", 20)));
        assertEquals(Version.parse("1.0.2"), device("dev-1").currentVersion(), "an equally recent one applies");
        fleet.touch(List.of());
    }

    @Test
    void aReportAfterASightingKeepsTheModel() {
        fleet.touch(List.of(sighting("dev-1", "1.0.0", 0)));
        DeviceReport success = report("r-1", "dev-1", ReportStatus.SUCCESS, T0.plusSeconds(30));
        fleet.record(success, ROLLOUT);
        DeviceState state = device("dev-1");
        assertEquals(Optional.of("locker-s3"), state.model());
        assertEquals(Version.parse("1.1.0"), state.currentVersion());
        assertEquals(T0.plusSeconds(30), state.lastSeen());
    }

    @Test
    void devicesArePagedByIdWithinTheirProduct() {
        List<String> ids = List.of("B-1", "a.1", "a-1", "a_1", "a1", "a:1", "b", "A");
        for (String id : ids) {
            fleet.touch(List.of(sighting(id, "1.0.0", 1)));
        }
        fleet.touch(List.of(new DeviceSighting("zz-other", "other", "m", Version.parse("1.0.0"), T0)));
        List<String> javaOrder = ids.stream().sorted().toList();

        assertEquals(javaOrder, fleet.devices(PRODUCT, "", 100).stream().map(DeviceState::deviceId).toList());
        assertEquals(javaOrder.subList(0, 3), fleet.devices(PRODUCT, "", 3).stream().map(DeviceState::deviceId)
                .toList());
        assertEquals(javaOrder.subList(3, 6), fleet.devices(PRODUCT, javaOrder.get(2), 3).stream()
                .map(DeviceState::deviceId).toList());
        assertEquals(List.of(), fleet.devices(PRODUCT, javaOrder.get(javaOrder.size() - 1), 3));
        assertEquals(List.of(), fleet.devices(PRODUCT, "", 0));
        assertEquals(List.of("zz-other"), fleet.devices("other", "", 5).stream().map(DeviceState::deviceId).toList());
    }

    @Test
    void sightingsTooLongForTheColumnsAreSkippedNotFatal() {
        fleet.touch(List.of(sighting("x".repeat(129), "1.0.0", 1), sighting("ok", "1.0.0", 1)));
        assertTrue(fleet.findDevice("ok").isPresent());
    }
}
