package io.voyagerota.rollout;

import io.voyagerota.event.FailureBurst;
import io.voyagerota.event.RolloutAdvanced;
import io.voyagerota.event.RolloutPaused;
import io.voyagerota.event.SuccessRateLow;
import io.voyagerota.event.VoyagerEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides, from a rollout's per-device outcomes, whether it pauses itself, advances a stage or raises alerts. Pure: the caller
 * stores the changed rollout and publishes the events.
 */
public final class RolloutEvaluator {
    private RolloutEvaluator() {
    }

    /** What evaluation concluded: the rollout to store, if it changed, and the events to publish. */
    public record Verdict(Optional<Rollout> changed, List<VoyagerEvent> events) {
        public Verdict {
            events = List.copyOf(events);
        }

        static Verdict none() {
            return new Verdict(Optional.empty(), List.of());
        }
    }

    /**
     * The pause rule's two windows over a rollout's device outcomes.
     *
     * @param byDevices the outcomes of the latest {@code windowDevices} devices, however old
     * @param byTime    those of them reported within the guard's {@code window} before now
     */
    public record Windows(RolloutStats byDevices, RolloutStats byTime) {
    }

    /** The windows from a rollout's latest device outcomes, newest first ({@code FleetRegistry#latestOutcomes}). */
    public static Windows windows(RolloutGuard guard, List<DeviceOutcome> latestFirst, Instant now) {
        List<DeviceOutcome> byDevices = latestFirst.subList(0, Math.min(latestFirst.size(), guard.windowDevices()));
        Instant since = now.minus(guard.window());
        return new Windows(RolloutStats.of(byDevices),
                RolloutStats.of(byDevices.stream().filter(o -> !o.reportedAt().isBefore(since)).toList()));
    }

    /** Why the windows call for a pause, if they do: the time window is looked at first, then the device window. */
    public static Optional<String> pauseReason(RolloutGuard guard, Windows windows) {
        if (breaches(guard, windows.byTime())) {
            return Optional.of(reason(guard, windows.byTime(), "reported in the last " + guard.window()));
        }
        if (breaches(guard, windows.byDevices())) {
            return Optional.of(reason(guard, windows.byDevices(), "latest"));
        }
        return Optional.empty();
    }

    private static boolean breaches(RolloutGuard guard, RolloutStats window) {
        return window.outcomes() >= guard.minSample() && window.failureRate() >= guard.pauseAtFailureRate();
    }

    private static String reason(RolloutGuard guard, RolloutStats window, String which) {
        return String.format(Locale.ROOT, "failure rate %.1f%% reached the %.1f%% threshold over the %d devices %s",
                window.failureRate() * 100, guard.pauseAtFailureRate() * 100, window.outcomes(), which);
    }

    /**
     * After a device's outcome was recorded.
     *
     * @param before            the rollout's figures before it
     * @param after             the rollout's figures with it
     * @param windows           the pause windows with it
     * @param failed            whether the outcome was a failure: only a failure can pause
     * @param failedInBurst     devices failed within the guard's burst window, with this one if it failed
     */
    public static Verdict afterOutcome(Rollout rollout, RolloutStats before, RolloutStats after, Windows windows,
                                       boolean failed, long failedInBurst, Instant now) {
        RolloutGuard guard = rollout.guard();
        List<VoyagerEvent> events = new ArrayList<>();
        Optional<Rollout> changed = Optional.empty();
        if (after.outcomes() >= guard.minSample()) {
            boolean wasLow = before.outcomes() >= guard.minSample()
                    && before.successRate() < guard.alertBelowSuccessRate();
            if (!wasLow && after.successRate() < guard.alertBelowSuccessRate()) {
                events.add(new SuccessRateLow(rollout.id(), rollout.releaseId(), after.successRate(),
                        guard.alertBelowSuccessRate(), after.outcomes(), now));
            }
        }
        Optional<String> pause = failed && rollout.state() == RolloutState.ACTIVE
                ? pauseReason(guard, windows) : Optional.empty();
        if (pause.isPresent()) {
            changed = Optional.of(rollout.pause(pause.get(), now));
            events.add(new RolloutPaused(rollout.id(), rollout.releaseId(), pause.get(), true, now));
        }
        if (failed && failedInBurst == guard.burstFailures()) {
            events.add(new FailureBurst(rollout.id(), rollout.releaseId(), (int) failedInBurst,
                    guard.burstWindow(), now));
        }
        return new Verdict(changed, events);
    }

    /**
     * On the clock: a staged rollout advances once the stage has soaked and the devices the stage admitted
     * ({@code stageStats}: those of buckets {@link RolloutPlan#fromBucket} to {@link RolloutPlan#toBucket} of the
     * current stage) are at least the minimum sample with a good enough success rate.
     */
    public static Verdict onTick(Rollout rollout, RolloutStats stageStats, Instant now) {
        if (rollout.plan().isEmpty() || rollout.state() != RolloutState.ACTIVE) {
            return Verdict.none();
        }
        RolloutPlan plan = rollout.plan().get();
        if (plan.isLast(rollout.stage())) {
            return Verdict.none();
        }
        RolloutPlan.Stage stage = plan.stages().get(rollout.stage());
        boolean soaked = !now.isBefore(rollout.stageStartedAt().plus(stage.soak()));
        boolean enough = stageStats.outcomes() >= rollout.guard().minSample();
        if (soaked && enough && stageStats.successRate() >= plan.advanceAtSuccessRate()) {
            Rollout next = rollout.advance(now);
            int bp = ((RolloutTarget.Percentage) next.target()).basisPoints();
            return new Verdict(Optional.of(next),
                    List.of(new RolloutAdvanced(rollout.id(), rollout.releaseId(), next.stage(), bp, now)));
        }
        return Verdict.none();
    }
}
