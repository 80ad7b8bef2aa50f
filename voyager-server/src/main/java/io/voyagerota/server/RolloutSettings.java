package io.voyagerota.server;

import io.voyagerota.InvalidInputException;
import io.voyagerota.rollout.RolloutGuard;
import io.voyagerota.server.internal.Durations;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * The {@code rollouts.*} settings: the pause rule of rollouts promoted without a guard of their own. With the
 * thresholds of {@link AlertSettings} they make the one default guard ({@link #guard}); docs/concepts.md,
 * "Rollouts", has the rule with examples. Each value is checked when set, and an error names its key.
 *
 * @param pauseAtFailureRate a rollout pauses itself once the failure rate of a window reaches this (0.2)
 * @param minSample          devices a window needs before its rate counts, and a stage before it advances (10)
 * @param windowDevices      the device window: the latest this many devices; none: 100, or {@code minSample} when
 *                           that is more, so that raising the sample alone never makes the config invalid
 * @param window             the time window: the outcomes reported in the last this long (1h)
 */
public record RolloutSettings(double pauseAtFailureRate, int minSample, OptionalInt windowDevices, Duration window) {
    public RolloutSettings {
        if (windowDevices == null || window == null) {
            throw new InvalidInputException("rollout settings must not be null; use OptionalInt.empty()");
        }
        guard(pauseAtFailureRate, minSample, windowDevices, window, AlertSettings.none());
    }

    /** The pause rule of {@link RolloutGuard#defaults()}. */
    public static RolloutSettings defaults() {
        RolloutGuard d = RolloutGuard.defaults();
        return new RolloutSettings(d.pauseAtFailureRate(), d.minSample(), OptionalInt.empty(), d.window());
    }

    public RolloutSettings withPauseAtFailureRate(double value) {
        return check("rollouts.pause-at-failure-rate", () -> new RolloutSettings(value, minSample, windowDevices,
                window));
    }

    public RolloutSettings withMinSample(int value) {
        return check("rollouts.min-sample", () -> new RolloutSettings(pauseAtFailureRate, value, windowDevices,
                window));
    }

    public RolloutSettings withWindowDevices(int value) {
        return check("rollouts.window-devices", () -> new RolloutSettings(pauseAtFailureRate, minSample,
                OptionalInt.of(value), window));
    }

    public RolloutSettings withWindow(Duration value) {
        return check("rollouts.window", () -> new RolloutSettings(pauseAtFailureRate, minSample, windowDevices,
                value));
    }

    /** The default guard: this pause rule with the alert thresholds of {@code alerts}. */
    public RolloutGuard guard(AlertSettings alerts) {
        return guard(pauseAtFailureRate, minSample, windowDevices, window, alerts);
    }

    // Static: the compact constructor checks its arguments with it before the fields are assigned.
    private static RolloutGuard guard(double pauseAtFailureRate, int minSample, OptionalInt windowDevices,
                                      Duration window, AlertSettings alerts) {
        return new RolloutGuard(pauseAtFailureRate, minSample, alerts.successRateBelow(), alerts.failureBurst(),
                alerts.failureBurstWindow(),
                windowDevices.orElse(RolloutGuard.defaultWindowDevices(minSample)), window);
    }

    @Override
    public String toString() {
        return "RolloutSettings[pauseAtFailureRate=" + pauseAtFailureRate + ", minSample=" + minSample
                + ", windowDevices=" + (windowDevices.isPresent() ? windowDevices.getAsInt() : "(default)")
                + ", window=" + Durations.format(window) + "]";
    }

    private static RolloutSettings check(String key, java.util.function.Supplier<RolloutSettings> make) {
        try {
            return make.get();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(key + ": " + e.getMessage());
        }
    }
}
