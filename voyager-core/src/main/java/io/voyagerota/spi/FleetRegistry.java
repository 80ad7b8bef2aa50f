package io.voyagerota.spi;

import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.DeviceSighting;
import io.voyagerota.device.DeviceState;
import io.voyagerota.device.RecordedReport;
import io.voyagerota.device.ReportAttribution;
import io.voyagerota.rollout.DeviceOutcome;
import io.voyagerota.rollout.RolloutStats;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Devices, their update history and the rollouts' per-device outcomes.
 *
 * <p>Contract, checked by the registry compatibility kit:
 * <ul>
 * <li>{@link #record} is atomic and idempotent by (device id, report id): a report id the same device sent before
 *     changes nothing and returns false, even when two deliveries race. Another device's report with the same id is
 *     a different report.</li>
 * <li>A recorded report appears in the device's history with its attribution, sets the device's state to
 *     {@link DeviceState#after(DeviceReport)} of its previous state (or {@link DeviceState#first} when new), and,
 *     when it {@linkplain ReportAttribution#counted() counts} toward a rollout and its status is an outcome, becomes
 *     the device's outcome for that rollout unless the device's outcome there was reported later (by
 *     {@code reportedAt}; on a tie the report recorded last wins).</li>
 * <li>A rollout's figures are over its devices' outcomes: one per device.</li>
 * </ul>
 */
public interface FleetRegistry {

    /** Records a report; returns false when the device sent a report with this id before (nothing changes then). */
    boolean record(DeviceReport report, ReportAttribution attribution);

    Optional<DeviceState> findDevice(String deviceId);

    /** Devices of a product, by id, starting after {@code afterDeviceId} (empty for the first page). */
    List<DeviceState> devices(String productId, String afterDeviceId, int limit);

    /**
     * The ids of a product's devices, in order, starting after {@code afterDeviceId} (empty for the first page):
     * what {@link #devices} returns, without the state, for walks that only need the ids (splitting a fan-out).
     * Adapters should override the default, which reads the whole states.
     */
    default List<String> deviceIds(String productId, String afterDeviceId, int limit) {
        return devices(productId, afterDeviceId, limit).stream().map(DeviceState::deviceId).toList();
    }

    /** A device's reports with their attribution, newest (last recorded) first. */
    List<RecordedReport> recordedHistory(String deviceId, int limit);

    /** A device's reports, newest (last recorded) first. */
    default List<DeviceReport> history(String deviceId, int limit) {
        return recordedHistory(deviceId, limit).stream().map(RecordedReport::report).toList();
    }

    /** A rollout's figures over all its devices' outcomes. */
    RolloutStats stats(String rolloutId);

    /**
     * A rollout's figures over the outcomes of its devices whose bucket is at least {@code fromBucket} and below
     * {@code toBucket}: the devices one stage of a plan admitted.
     */
    RolloutStats stats(String rolloutId, int fromBucket, int toBucket);

    /** Up to {@code limit} device outcomes of a rollout, latest {@code reportedAt} first, ties by device id. */
    List<DeviceOutcome> latestOutcomes(String rolloutId, int limit);

    /** Devices whose outcome for a rollout is a failure (FAILED, ROLLED_BACK) reported at or after {@code since}. */
    long failuresSince(String rolloutId, Instant since);

    /**
     * Writes a batch of sightings from update checks: creates unknown devices, updates model, version and
     * last-seen of known ones. A sighting older than the device's last-seen moves nothing back, but gives a device
     * known only from its reports (a report can be written before the sighting of the check that preceded it) its
     * model.
     */
    void touch(Collection<DeviceSighting> sightings);
}
