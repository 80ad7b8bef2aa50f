package io.voyagerota.device;

import io.voyagerota.InvalidInputException;
import io.voyagerota.support.Checks;

import java.util.Optional;

/**
 * A report as kept in a device's history, with whether it counted toward a rollout.
 *
 * @param rolloutId        the rollout it counted toward; empty when it counted toward none
 * @param notCountedReason why it did not count (see {@link ReportAttribution}); present exactly when
 *                         {@code rolloutId} is empty
 */
public record RecordedReport(DeviceReport report, Optional<String> rolloutId, Optional<String> notCountedReason) {
    public RecordedReport {
        Checks.notNull(report, "report");
        Checks.notNull(rolloutId, "rolloutId");
        Checks.notNull(notCountedReason, "notCountedReason");
        if (rolloutId.isPresent() == notCountedReason.isPresent()) {
            throw new InvalidInputException("a recorded report either counted toward a rollout or has a reason"
                    + " it did not");
        }
    }

    /** The report as recorded under an attribution. */
    public static RecordedReport of(DeviceReport report, ReportAttribution attribution) {
        return new RecordedReport(report, attribution.rolloutId(), attribution.notCountedReason());
    }

    public boolean counted() {
        return rolloutId.isPresent();
    }
}
