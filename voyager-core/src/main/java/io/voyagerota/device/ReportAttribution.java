package io.voyagerota.device;

import io.voyagerota.InvalidInputException;
import io.voyagerota.support.Checks;
import io.voyagerota.rollout.RolloutBuckets;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a report counts toward a rollout, decided by the server before recording it (docs/concepts.md,
 * "Rollouts", "What counts"). A report that does not count is still kept in the device's history, with the reason.
 *
 * @param rolloutId        the rollout the report counts toward; empty when it counts toward none
 * @param bucket           the device's {@link RolloutBuckets bucket} in that rollout (0 when it counts toward none):
 *                         which stage of a staged plan admitted it
 * @param notCountedReason why it counts toward no rollout, such as {@link #NOT_ADMITTED}; present exactly when
 *                         {@code rolloutId} is empty
 */
public record ReportAttribution(Optional<String> rolloutId, int bucket, Optional<String> notCountedReason) {
    /** {@code toVersion} names no release of the product. */
    public static final String UNKNOWN_RELEASE = "unknown-release";
    /** The release has no rollout: a staging release offered to testers, say. */
    public static final String NO_ROLLOUT = "no-rollout";
    /** The rollout's target does not cover the device, so the server never offered it the release. */
    public static final String NOT_ADMITTED = "not-admitted";
    /** The rollout has a scheduled start that has not come yet. */
    public static final String BEFORE_START = "before-start";
    /** The device's known model is not one the release fits. */
    public static final String MODEL_MISMATCH = "model-mismatch";
    /** {@code fromVersion} is {@code toVersion}: the server never offers the version a device runs. */
    public static final String NOT_AN_UPDATE = "not-an-update";

    private static final Pattern REASON = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public ReportAttribution {
        Checks.notNull(rolloutId, "rolloutId");
        Checks.notNull(notCountedReason, "notCountedReason");
        if (rolloutId.isPresent() == notCountedReason.isPresent()) {
            throw new InvalidInputException("a report either counts toward a rollout or has a reason not to, not "
                    + (rolloutId.isPresent() ? "both" : "neither"));
        }
        Checks.inRange(bucket, 0, RolloutBuckets.BUCKETS - 1, "bucket");
        notCountedReason.ifPresent(r -> Checks.matches(r, REASON, "notCountedReason",
                "1 to 64 characters of a-z, 0-9 or '-'"));
    }

    /** Counts toward {@code rolloutId}, for a device in {@code bucket}. */
    public static ReportAttribution counted(String rolloutId, int bucket) {
        return new ReportAttribution(Optional.of(Checks.notNull(rolloutId, "rolloutId")), bucket, Optional.empty());
    }

    /** Counts toward no rollout, for {@code reason}. */
    public static ReportAttribution notCounted(String reason) {
        return new ReportAttribution(Optional.empty(), 0, Optional.of(Checks.notNull(reason, "reason")));
    }

    public boolean counted() {
        return rolloutId.isPresent();
    }
}
