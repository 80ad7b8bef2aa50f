package io.voyagerota.rollout;

import io.voyagerota.support.Checks;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * A rollout's outcome figures over distinct devices: each device counts once, by its latest outcome
 * ({@link DeviceOutcome}). Only final outcomes count: a success once the device booted the new image and marked it
 * valid, a failure for FAILED or ROLLED_BACK.
 *
 * @param successes        devices whose latest outcome is SUCCESS
 * @param failures         devices whose latest outcome is FAILED or ROLLED_BACK
 * @param failuresByReason those failures by reason
 */
public record RolloutStats(long successes, long failures, Map<String, Long> failuresByReason) {
    public RolloutStats {
        Checks.inRange(successes, 0, Long.MAX_VALUE, "successes");
        Checks.inRange(failures, 0, Long.MAX_VALUE, "failures");
        failuresByReason = Map.copyOf(Checks.notNull(failuresByReason, "failuresByReason"));
    }

    public static RolloutStats empty() {
        return new RolloutStats(0, 0, Map.of());
    }

    /** The figures of a set of device outcomes (each one device). */
    public static RolloutStats of(Collection<DeviceOutcome> outcomes) {
        RolloutStats stats = empty();
        for (DeviceOutcome o : outcomes) {
            stats = stats.plus(o.success(), o.failureReason().orElse(""));
        }
        return stats;
    }

    /** Devices with an outcome. */
    public long outcomes() {
        return successes + failures;
    }

    /** Successes over outcomes, or 1 when there are none yet. */
    public double successRate() {
        return outcomes() == 0 ? 1.0 : (double) successes / outcomes();
    }

    public double failureRate() {
        return outcomes() == 0 ? 0.0 : (double) failures / outcomes();
    }

    /** These counters plus one outcome. */
    public RolloutStats plus(boolean success, String failureReason) {
        if (success) {
            return new RolloutStats(successes + 1, failures, failuresByReason);
        }
        Map<String, Long> reasons = new TreeMap<>(failuresByReason);
        reasons.merge(failureReason, 1L, Long::sum);
        return new RolloutStats(successes, failures + 1, reasons);
    }
}
