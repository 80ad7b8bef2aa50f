package io.voyagerota.rollout;

import io.voyagerota.InvalidInputException;
import io.voyagerota.support.Checks;
import io.voyagerota.version.Version;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far a rollout has come: how many of the product's known devices it targets, how many of those run its
 * release, and its outcome counters.
 *
 * @param eligible         the product's known devices of a model the release fits that the rollout's target (with a
 *                         plan, its current stage) covers, whether or not the rollout is paused or has started
 * @param updated          those of them that run the release's version now
 * @param devicesCountedAt when {@code eligible} and {@code updated} were counted: the count reads every known device
 *                         of the product, so it is reused for a while (the outcome counters are always current)
 * @param successes        SUCCESS reports counted for the rollout
 * @param failures         FAILED and ROLLED_BACK reports counted for the rollout
 * @param successRate      successes over outcomes, or 1 when there are none yet (as the rollout's guard sees it)
 * @param failuresByReason failures by error code, sorted by code
 */
public record RolloutProgress(String rolloutId, String releaseId, Version version, long eligible, long updated,
                              Instant devicesCountedAt, long successes, long failures, double successRate,
                              Map<String, Long> failuresByReason) {
    public RolloutProgress {
        Checks.notNull(rolloutId, "rolloutId");
        Checks.notNull(releaseId, "releaseId");
        Checks.notNull(version, "version");
        Checks.inRange(eligible, 0, Long.MAX_VALUE, "eligible");
        Checks.inRange(updated, 0, eligible, "updated");
        Checks.notNull(devicesCountedAt, "devicesCountedAt");
        Checks.inRange(successes, 0, Long.MAX_VALUE, "successes");
        Checks.inRange(failures, 0, Long.MAX_VALUE, "failures");
        if (!(successRate >= 0 && successRate <= 1)) {
            throw new InvalidInputException("successRate is " + successRate + " but must be between 0 and 1");
        }
        failuresByReason = Collections.unmodifiableMap(new TreeMap<>(Checks.notNull(failuresByReason,
                "failuresByReason")));
    }

    /** The progress of a rollout of {@code version} from its device counts and its outcome counters. */
    public static RolloutProgress of(Rollout rollout, Version version, long eligible, long updated,
                                     Instant devicesCountedAt, RolloutStats stats) {
        return new RolloutProgress(rollout.id(), rollout.releaseId(), version, eligible, updated, devicesCountedAt,
                stats.successes(),
                stats.failures(), stats.successRate(), stats.failuresByReason());
    }
}
