package io.voyagerota;

import io.voyagerota.auth.DeviceCredential;
import io.voyagerota.auth.Secrets;
import io.voyagerota.catalog.Release;
import io.voyagerota.decision.CatalogSnapshot;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.DeviceState;
import io.voyagerota.device.DirectoryEntry;
import io.voyagerota.device.RecordedReport;
import io.voyagerota.device.ReportAttribution;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.internal.ReportAttributor;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutEvaluator;
import io.voyagerota.rollout.RolloutStats;
import io.voyagerota.spi.FleetRegistry;

import java.time.Instant;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Device reports, device state and history, and the device directory: per-device credentials and server-side tags.
 *
 * <p>Credentials and tags are kept in the registry and answered from this node's memory. This node's own changes
 * apply at once; another node's apply here at this node's next {@link Voyager#tick()}.
 */
public final class Devices {
    /** What became of a report. */
    public enum ReportOutcome {
        /** Recorded now. */
        RECORDED,
        /** The device sent a report with this id before; nothing changed. */
        DUPLICATE
    }

    private final Voyager voyager;

    Devices(Voyager voyager) {
        this.voyager = voyager;
    }

    /**
     * Records a report: history, device state and, when it counts toward a rollout (it refers to an offer the
     * server made to the device; see {@link ReportAttribution}), the device's outcome for the rollout, the rollout's
     * self-pause and its alerts. A report that does not count is kept in the history with the reason. Idempotent by
     * (device id, report id).
     */
    public ReportOutcome report(DeviceReport report) {
        ReportOutcome outcome = record(report);
        voyager.counters().reported(report, outcome);
        return outcome;
    }

    private ReportOutcome record(DeviceReport report) {
        CatalogSnapshot snapshot = voyager.snapshot();
        if (snapshot.findProduct(report.productId()).isEmpty()) {
            throw new NotFoundException("product", report.productId());
        }
        FleetRegistry fleet = voyager.registry().fleet();
        Optional<Release> release = snapshot.findRelease(report.productId(), report.toVersion());
        Optional<Rollout> rollout = release.flatMap(r -> snapshot.rolloutOf(report.productId(), r.id()));
        Instant now = voyager.now();
        ReportAttribution attribution = ReportAttributor.attribute(report, release, rollout,
                voyager.directory().tags(report.deviceId()),
                rollout.isPresent() ? fleet.findDevice(report.deviceId()).flatMap(DeviceState::model)
                        : Optional.empty(), now);
        boolean judged = attribution.counted() && report.status().isOutcome();
        // Read before recording, for the alert that fires when the success rate crosses below its threshold.
        RolloutStats before = judged ? fleet.stats(rollout.get().id()) : RolloutStats.empty();
        if (!fleet.record(report, attribution)) {
            return ReportOutcome.DUPLICATE;
        }
        if (judged) {
            Rollout r = rollout.get();
            RolloutStats after = fleet.stats(r.id());
            RolloutEvaluator.Windows windows = RolloutEvaluator.windows(r.guard(),
                    fleet.latestOutcomes(r.id(), r.guard().windowDevices()), now);
            long failedInBurst = fleet.failuresSince(r.id(), now.minus(r.guard().burstWindow()));
            voyager.rollouts().afterOutcome(r.id(), before, after, windows,
                    report.status() != ReportStatus.SUCCESS, failedInBurst);
        }
        return ReportOutcome.RECORDED;
    }

    public DeviceState get(String deviceId) {
        return voyager.registry().fleet().findDevice(deviceId)
                .orElseThrow(() -> new NotFoundException("device", deviceId));
    }

    /** A device's reports, newest first. */
    public List<DeviceReport> history(String deviceId, int limit) {
        return voyager.registry().fleet().history(deviceId, limit);
    }

    /** A device's reports, newest first, with whether each counted toward a rollout and why not. */
    public List<RecordedReport> recordedHistory(String deviceId, int limit) {
        return voyager.registry().fleet().recordedHistory(deviceId, limit);
    }

    /** Devices of a product, by id, after {@code afterDeviceId} ("" for the first page). */
    public List<DeviceState> list(String productId, String afterDeviceId, int limit) {
        return voyager.registry().fleet().devices(productId, afterDeviceId, limit);
    }

    /**
     * Issues a new credential for a device, replacing (and so invalidating) any earlier one. The secret is in the
     * returned value only: the registry keeps its hash.
     *
     * @throws InvalidInputException if the device id is malformed
     */
    public DeviceCredential enrol(String deviceId) {
        DirectoryEntry.checkDeviceId(deviceId);
        String secret = Secrets.newToken();
        voyager.registry().directory().putCredential(deviceId, Secrets.hash(secret), voyager.now());
        voyager.directory().refresh();
        return new DeviceCredential(deviceId, secret);
    }

    /** Removes a device's credential, so it can no longer authenticate; false if it had none. */
    public boolean revokeCredential(String deviceId) {
        boolean removed = voyager.registry().directory().removeCredential(deviceId, voyager.now());
        if (removed) {
            voyager.directory().refresh();
        }
        return removed;
    }

    /**
     * Replaces a device's tags (such as {@code tester}, which is offered staging releases); an empty set clears
     * them. Returns the tags as stored: lower case, without duplicates.
     *
     * @throws InvalidInputException naming a malformed tag or device id, or when there are more than
     *                               {@value DirectoryEntry#MAX_TAGS} tags
     */
    public Set<String> setTags(String deviceId, Set<String> tags) {
        Set<String> stored = voyager.registry().directory().putTags(deviceId, tags, voyager.now()).tags();
        voyager.directory().refresh();
        return stored;
    }

    /** A device's tags, from this node's memory (no database access); empty for an unknown device. */
    public Set<String> tags(String deviceId) {
        return voyager.directory().tags(deviceId);
    }
}
