package io.voyagerota.spi;

import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.DeviceSighting;
import io.voyagerota.device.DeviceState;
import io.voyagerota.rollout.RolloutStats;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Devices, their update history and the rollouts' outcome counters.
 *
 * <p>Contract, checked by the registry compatibility kit:
 * <ul>
 * <li>{@link #record} is atomic and idempotent by report id: a report id seen before changes nothing and returns
 *     false, even when two deliveries race.</li>
 * <li>A recorded report appears in the device's history, sets the device's state to
 *     {@link DeviceState#after(DeviceReport)} of its previous state (or {@link DeviceState#first} when new), and,
 *     when {@code rolloutId} is given and the status is an outcome, adds it to that rollout's counters.</li>
 * </ul>
 */
public interface FleetRegistry {

    /** Records a report; returns false when its id was recorded before (nothing changes then). */
    boolean record(DeviceReport report, Optional<String> rolloutId);

    Optional<DeviceState> findDevice(String deviceId);

    /** Devices of a product, by id, starting after {@code afterDeviceId} (empty for the first page). */
    List<DeviceState> devices(String productId, String afterDeviceId, int limit);

    /** A device's reports, newest first. */
    List<DeviceReport> history(String deviceId, int limit);

    RolloutStats stats(String rolloutId);

    /** Failed outcomes (FAILED, ROLLED_BACK) counted for a rollout from reports at or after {@code since}. */
    long failuresSince(String rolloutId, Instant since);

    /**
     * Writes a batch of sightings from update checks: creates unknown devices, updates model, version and
     * last-seen of known ones (a sighting never moves last-seen backwards).
     */
    void touch(Collection<DeviceSighting> sightings);
}
