package io.voyagerota.rollout;

import io.voyagerota.support.Checks;

import java.time.Instant;
import java.util.Optional;

/**
 * How to roll out a release when promoting it: a fixed target or a staged plan, an optional scheduled start and
 * an optional guard (the configured default otherwise).
 */
public record RolloutSpec(Optional<RolloutTarget> target, Optional<RolloutPlan> plan, Optional<Instant> startAt,
                          Optional<RolloutGuard> guard) {
    public RolloutSpec {
        Checks.notNull(target, "target");
        Checks.notNull(plan, "plan");
        Checks.notNull(startAt, "startAt");
        Checks.notNull(guard, "guard");
        if (target.isPresent() == plan.isPresent()) {
            throw new io.voyagerota.InvalidInputException("a rollout has either a target or a staged plan");
        }
    }

    public static RolloutSpec to(RolloutTarget target) {
        return new RolloutSpec(Optional.of(target), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static RolloutSpec all() {
        return to(RolloutTarget.all());
    }

    public static RolloutSpec percent(int percent) {
        return to(RolloutTarget.percent(percent));
    }

    public static RolloutSpec staged(RolloutPlan plan) {
        return new RolloutSpec(Optional.empty(), Optional.of(plan), Optional.empty(), Optional.empty());
    }

    public RolloutSpec startingAt(Instant start) {
        return new RolloutSpec(target, plan, Optional.of(start), guard);
    }

    public RolloutSpec guardedBy(RolloutGuard g) {
        return new RolloutSpec(target, plan, startAt, Optional.of(g));
    }

    /** The new, unsaved rollout this describes. */
    public Rollout toRollout(String releaseId, String productId, RolloutGuard defaultGuard, Instant now) {
        RolloutGuard g = guard.orElse(defaultGuard);
        return plan.map(p -> Rollout.staged(releaseId, productId, p, startAt, g, now))
                .orElseGet(() -> Rollout.create(releaseId, productId, target.orElseThrow(), startAt, g, now));
    }
}
