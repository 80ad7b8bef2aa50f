package io.voyagerota.rollout;

import io.voyagerota.InvalidInputException;
import io.voyagerota.support.Checks;

import java.time.Duration;

/**
 * When a rollout stops itself and when it raises alerts. Every figure is over distinct devices, each by its latest
 * outcome (SUCCESS versus FAILED or ROLLED_BACK); docs/concepts.md, "Rollouts", has the rules with examples.
 *
 * @param pauseAtFailureRate the rollout pauses itself once the failure rate of a recent window (below) reaches
 *                           this, with at least {@code minSample} devices in that window
 * @param minSample          devices needed before a rate means anything: in a pause window, and in a stage of a
 *                           plan before it may advance
 * @param alertBelowSuccessRate a {@code SuccessRateLow} alert when the rollout's success rate crosses below this
 * @param burstFailures      a {@code FailureBurst} alert when this many devices fail within {@code burstWindow}
 * @param burstWindow        the window for bursts
 * @param windowDevices      the device window of the pause rule: the outcomes of the latest this many devices
 * @param window             the time window of the pause rule: the outcomes reported in the last this long (of the
 *                           latest {@code windowDevices} devices at most)
 */
public record RolloutGuard(double pauseAtFailureRate, int minSample, double alertBelowSuccessRate, int burstFailures,
                           Duration burstWindow, int windowDevices, Duration window) {
    /** The default device window of the pause rule. */
    public static final int DEFAULT_WINDOW_DEVICES = 100;
    /** The default time window of the pause rule. */
    public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);

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
        positive(burstWindow, "burstWindow");
        if (windowDevices < minSample || windowDevices > 1_000_000) {
            throw new InvalidInputException("windowDevices is " + windowDevices + " but must be at least minSample ("
                    + minSample + "), or no window would ever hold enough devices to pause, and at most 1000000");
        }
        positive(window, "window");
    }

    /** A guard with the default pause windows: the latest {@value #DEFAULT_WINDOW_DEVICES} devices, and 1 hour. */
    public RolloutGuard(double pauseAtFailureRate, int minSample, double alertBelowSuccessRate, int burstFailures,
                        Duration burstWindow) {
        this(pauseAtFailureRate, minSample, alertBelowSuccessRate, burstFailures, burstWindow,
                defaultWindowDevices(minSample), DEFAULT_WINDOW);
    }

    /**
     * The device window of a guard that does not set one: {@value #DEFAULT_WINDOW_DEVICES}, or {@code minSample}
     * when that is more, so that raising the sample alone never makes a guard invalid.
     */
    public static int defaultWindowDevices(int minSample) {
        return Math.max(DEFAULT_WINDOW_DEVICES, minSample);
    }

    private static void positive(Duration d, String field) {
        Checks.notNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new InvalidInputException(field + " must be positive, not " + d);
        }
    }

    /**
     * Pause at 20% failures over at least 10 devices, among the latest 100 devices or those of the last hour; alert
     * below 90% success or at 10 failed devices in an hour.
     */
    public static RolloutGuard defaults() {
        return new RolloutGuard(0.2, 10, 0.9, 10, Duration.ofHours(1));
    }

    /** This guard with other pause windows. */
    public RolloutGuard withWindows(int devices, Duration time) {
        return new RolloutGuard(pauseAtFailureRate, minSample, alertBelowSuccessRate, burstFailures, burstWindow,
                devices, time);
    }
}
