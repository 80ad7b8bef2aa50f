package io.voyagerota;

import io.voyagerota.catalog.Release;
import io.voyagerota.decision.CatalogSnapshot;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.DeviceState;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutStats;

import java.util.List;
import java.util.Optional;

/** Device reports, device state and history. */
public final class Devices {
    /** What became of a report. */
    public enum ReportOutcome {
        /** Recorded now. */
        RECORDED,
        /** A report with this id was recorded before; nothing changed. */
        DUPLICATE
    }

    private final Voyager voyager;

    Devices(Voyager voyager) {
        this.voyager = voyager;
    }

    /**
     * Records a report: history, device state and, for an outcome of a release with a rollout, the rollout's
     * counters, its self-pause and its alerts. Idempotent by report id.
     */
    public ReportOutcome report(DeviceReport report) {
        CatalogSnapshot snapshot = voyager.snapshot();
        if (snapshot.findProduct(report.productId()).isEmpty()) {
            throw new NotFoundException("product", report.productId());
        }
        Optional<Release> release = snapshot.findRelease(report.productId(), report.toVersion());
        Optional<Rollout> rollout = release.flatMap(r -> snapshot.rolloutOf(report.productId(), r.id()));
        Optional<String> rolloutId = rollout.map(Rollout::id);
        if (!voyager.registry().fleet().record(report, rolloutId)) {
            return ReportOutcome.DUPLICATE;
        }
        if (rollout.isPresent() && report.status().isOutcome()) {
            Rollout r = rollout.get();
            RolloutStats after = voyager.registry().fleet().stats(r.id());
            long failuresInWindow = voyager.registry().fleet().failuresSince(r.id(),
                    voyager.now().minus(r.guard().burstWindow()));
            voyager.rollouts().afterOutcome(r.id(), after, report.status() == ReportStatus.SUCCESS,
                    failuresInWindow);
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

    /** Devices of a product, by id, after {@code afterDeviceId} ("" for the first page). */
    public List<DeviceState> list(String productId, String afterDeviceId, int limit) {
        return voyager.registry().fleet().devices(productId, afterDeviceId, limit);
    }
}
