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
 * Decides, from a rollout's counters, whether it pauses itself, advances a stage or raises alerts. Pure: the caller
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
     * After one more outcome was counted.
     *
     * @param before            counters before the outcome
     * @param after             counters including it
     * @param failuresInWindow  failures within the guard's burst window, including this one if it failed
     */
    public static Verdict afterOutcome(Rollout rollout, RolloutStats before, RolloutStats after,
                                       long failuresInWindow, Instant now) {
        RolloutGuard guard = rollout.guard();
        List<VoyagerEvent> events = new ArrayList<>();
        Optional<Rollout> changed = Optional.empty();
        boolean failed = after.failures() > before.failures();
        if (after.outcomes() >= guard.minSample()) {
            boolean wasLow = before.outcomes() >= guard.minSample()
                    && before.successRate() < guard.alertBelowSuccessRate();
            if (!wasLow && after.successRate() < guard.alertBelowSuccessRate()) {
                events.add(new SuccessRateLow(rollout.id(), rollout.releaseId(), after.successRate(),
                        guard.alertBelowSuccessRate(), after.outcomes(), now));
            }
            if (failed && rollout.state() == RolloutState.ACTIVE
                    && after.failureRate() >= guard.pauseAtFailureRate()) {
                String reason = String.format(Locale.ROOT, "failure rate %.1f%% reached the %.1f%% threshold"
                                + " over %d outcomes", after.failureRate() * 100, guard.pauseAtFailureRate() * 100,
                        after.outcomes());
                Rollout paused = rollout.pause(reason, now);
                changed = Optional.of(paused);
                events.add(new RolloutPaused(rollout.id(), rollout.releaseId(), reason, true, now));
            }
        }
        if (failed && failuresInWindow == guard.burstFailures()) {
            events.add(new FailureBurst(rollout.id(), rollout.releaseId(), (int) failuresInWindow,
                    guard.burstWindow(), now));
        }
        return new Verdict(changed, events);
    }

    /** On the clock: a staged rollout advances once the stage has soaked and the success rate holds. */
    public static Verdict onTick(Rollout rollout, RolloutStats stats, Instant now) {
        if (rollout.plan().isEmpty() || rollout.state() != RolloutState.ACTIVE) {
            return Verdict.none();
        }
        RolloutPlan plan = rollout.plan().get();
        if (plan.isLast(rollout.stage())) {
            return Verdict.none();
        }
        RolloutPlan.Stage stage = plan.stages().get(rollout.stage());
        boolean soaked = !now.isBefore(rollout.stageStartedAt().plus(stage.soak()));
        boolean enough = stats.outcomes() >= rollout.guard().minSample();
        if (soaked && enough && stats.successRate() >= plan.advanceAtSuccessRate()) {
            Rollout next = rollout.advance(now);
            int bp = ((RolloutTarget.Percentage) next.target()).basisPoints();
            return new Verdict(Optional.of(next),
                    List.of(new RolloutAdvanced(rollout.id(), rollout.releaseId(), next.stage(), bp, now)));
        }
        return Verdict.none();
    }
}
