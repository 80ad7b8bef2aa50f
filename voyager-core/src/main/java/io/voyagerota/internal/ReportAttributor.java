package io.voyagerota.internal;

import io.voyagerota.catalog.Release;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.ReportAttribution;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutBuckets;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a report refers to an offer the server made, and so counts toward a rollout (docs/concepts.md,
 * "Rollouts", "What counts"). It checks what the server can check without storing every offer (which would put a
 * write on the update check path): that the release and its rollout exist, that the rollout's target covers the
 * device, that it had started, and that the release fits the device's model as last sighted. The report id's
 * sequence is not used: the id is opaque to the protocol, and clients other than the SDK build it otherwise.
 */
public final class ReportAttributor {
    private ReportAttributor() {
    }

    /**
     * @param release the product's release of the report's {@code toVersion}, if any
     * @param rollout that release's current rollout, if any
     * @param tags    the device's tags, as the rollout's target sees them
     * @param model   the device's model from its sightings, if known
     */
    public static ReportAttribution attribute(DeviceReport report, Optional<Release> release,
                                              Optional<Rollout> rollout, Set<String> tags, Optional<String> model,
                                              Instant now) {
        if (release.isEmpty()) {
            return ReportAttribution.notCounted(ReportAttribution.UNKNOWN_RELEASE);
        }
        if (rollout.isEmpty()) {
            return ReportAttribution.notCounted(ReportAttribution.NO_ROLLOUT);
        }
        if (report.fromVersion().equals(report.toVersion())) {
            return ReportAttribution.notCounted(ReportAttribution.NOT_AN_UPDATE);
        }
        Rollout r = rollout.get();
        if (r.startAt().isPresent() && now.isBefore(r.startAt().get())) {
            return ReportAttribution.notCounted(ReportAttribution.BEFORE_START);
        }
        long saltState = RolloutBuckets.saltState(r.salt());
        // The target, not admits(): a paused rollout stops new offers, but the outcomes of earlier ones still count.
        // Targets only widen, so a device covered by an earlier stage is covered by the current one.
        if (!r.targets(report.deviceId(), tags, saltState)) {
            return ReportAttribution.notCounted(ReportAttribution.NOT_ADMITTED);
        }
        if (model.isPresent() && !release.get().fits(model.get())) {
            return ReportAttribution.notCounted(ReportAttribution.MODEL_MISMATCH);
        }
        return ReportAttribution.counted(r.id(), RolloutBuckets.bucketAfterSalt(saltState, report.deviceId()));
    }
}
