package io.voyagerota.rollout;

import io.voyagerota.InvalidInputException;
import io.voyagerota.internal.Checks;

import java.time.Duration;

/**
 * When a rollout stops itself and when it raises alerts. Outcomes are SUCCESS versus FAILED or ROLLED_BACK reports.
 *
 * @param pauseAtFailureRate the rollout pauses itself once failures / outcomes reaches this, with at least
 *                           {@code minSample} outcomes (hawkBit's error threshold)
 * @param minSample          outcomes needed before a rate means anything
 * @param alertBelowSuccessRate a {@code SuccessRateLow} alert when the success rate crosses below this
 * @param burstFailures      a {@code FailureBurst} alert when this many failures arrive within {@code burstWindow}
 * @param burstWindow        the window for bursts
 */
public record RolloutGuard(double pauseAtFailureRate, int minSample, double alertBelowSuccessRate, int burstFailures,
                           Duration burstWindow) {
    public RolloutGuard {
        if (!(pauseAtFailureRate > 0 && pauseAtFailureRate <= 1)) {
            throw new InvalidInputException("pauseAtFailureRate is " + pauseAtFailureRate
                    + " but must be above 0 and at most 1 (0.2 pauses at 20% failures)");
        }
        Checks.inRange(minSample, 1, 1_000_000, "minSample");
        if (!(alertBelowSuccessRate >= 0 && alertBelowSuccessRate <= 1)) {
            throw new InvalidInputException("alertBelowSuccessRate is " + alertBelowSuccessRate
                    + " but must be between 0 and 1");
        }
        Checks.inRange(burstFailures, 1, 1_000_000, "burstFailures");
        Checks.notNull(burstWindow, "burstWindow");
        if (burstWindow.isNegative() || burstWindow.isZero()) {
            throw new InvalidInputException("burstWindow must be positive, not " + burstWindow);
        }
    }

    /** Pause at 20% failures over at least 10 outcomes; alert below 90% success or at 10 failures in an hour. */
    public static RolloutGuard defaults() {
        return new RolloutGuard(0.2, 10, 0.9, 10, Duration.ofHours(1));
    }
}
