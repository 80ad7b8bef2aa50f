package io.voyagerota.rollout;

import io.voyagerota.InvalidInputException;
import io.voyagerota.VoyagerException;
import io.voyagerota.support.Checks;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

/**
 * How a production release reaches the fleet: which devices it admits, from when, whether it is paused, and the
 * staged plan it follows. Immutable; registries store it with optimistic {@link #revision()}.
 *
 * @param target         who is admitted now; with a plan, the percentage of the current stage
 * @param plan           the staged plan, if any
 * @param stage          index of the current stage of the plan (0 without a plan)
 * @param stageStartedAt when the current stage began (its soak time counts from here)
 * @param startAt        no device is admitted before this instant
 * @param salt           the salt of the {@link RolloutBuckets consistent hash}; fixed for the rollout's life
 */
public record Rollout(String id, String releaseId, String productId, RolloutTarget target, Optional<RolloutPlan> plan,
                      int stage, Instant stageStartedAt, Optional<Instant> startAt, RolloutState state,
                      Optional<String> pauseReason, RolloutGuard guard, String salt, Instant createdAt,
                      Instant updatedAt, long revision) {
    public Rollout {
        Checks.notNull(id, "rollout id");
        Checks.notNull(releaseId, "releaseId");
        Checks.notNull(productId, "productId");
        Checks.notNull(target, "target");
        Checks.notNull(plan, "plan");
        Checks.notNull(stageStartedAt, "stageStartedAt");
        Checks.notNull(startAt, "startAt");
        Checks.notNull(state, "state");
        Checks.notNull(pauseReason, "pauseReason");
        Checks.notNull(guard, "guard");
        Checks.notNull(salt, "salt");
        Checks.notNull(createdAt, "createdAt");
        Checks.notNull(updatedAt, "updatedAt");
        if (plan.isPresent()) {
            Checks.inRange(stage, 0, plan.get().stages().size() - 1, "stage");
            if (!(target instanceof RolloutTarget.Percentage)) {
                throw new InvalidInputException("a staged plan drives a percentage target, not " + target);
            }
        } else if (stage != 0) {
            throw new InvalidInputException("stage must be 0 without a plan");
        }
    }

    /** A new, unsaved rollout admitting {@code target}, with default guard. */
    public static Rollout create(String releaseId, String productId, RolloutTarget target, Optional<Instant> startAt,
                                 RolloutGuard guard, Instant now) {
        String id = UUID.randomUUID().toString();
        return new Rollout(id, releaseId, productId, target, Optional.empty(), 0, now, startAt, RolloutState.ACTIVE,
                Optional.empty(), guard, releaseId, now, now, 0);
    }

    /** A new, unsaved rollout that follows a staged plan from its first stage. */
    public static Rollout staged(String releaseId, String productId, RolloutPlan plan, Optional<Instant> startAt,
                                 RolloutGuard guard, Instant now) {
        String id = UUID.randomUUID().toString();
        RolloutTarget first = new RolloutTarget.Percentage(plan.stages().get(0).basisPoints());
        return new Rollout(id, releaseId, productId, first, Optional.of(plan), 0, startAt.orElse(now), startAt,
                RolloutState.ACTIVE, Optional.empty(), guard, releaseId, now, now, 0);
    }

    /** Whether a device is admitted now. Allocates nothing: this runs on every update check. */
    public boolean admits(String deviceId, Collection<String> deviceTags, Instant now) {
        return admits(deviceId, deviceTags, now, RolloutBuckets.saltState(salt));
    }

    /**
     * As {@link #admits(String, Collection, Instant)}, with the salt's hash state computed once by the caller
     * ({@link RolloutBuckets#saltState(String)} of {@link #salt()}).
     */
    public boolean admits(String deviceId, Collection<String> deviceTags, Instant now, long saltState) {
        if (state != RolloutState.ACTIVE) {
            return false;
        }
        if (startAt.isPresent() && now.isBefore(startAt.get())) {
            return false;
        }
        return targets(deviceId, deviceTags, saltState);
    }

    /**
     * Whether the rollout's target (with a plan, its current stage) covers a device, whether or not the rollout is
     * paused or has started: the devices it admits once it runs. {@code saltState} is
     * {@link RolloutBuckets#saltState(String)} of {@link #salt()}.
     */
    public boolean targets(String deviceId, Collection<String> deviceTags, long saltState) {
        if (target instanceof RolloutTarget.All) {
            return true;
        }
        if (target instanceof RolloutTarget.Percentage p) {
            return p.basisPoints() >= RolloutBuckets.BUCKETS
                    || RolloutBuckets.bucketAfterSalt(saltState, deviceId) < p.basisPoints();
        }
        if (target instanceof RolloutTarget.Tags t) {
            for (String tag : deviceTags) {
                if (t.tags().contains(tag)) {
                    return true;
                }
            }
            return false;
        }
        return ((RolloutTarget.Devices) target).deviceIds().contains(deviceId);
    }

    public Rollout pause(String reason, Instant now) {
        Checks.notNull(reason, "pause reason");
        if (state == RolloutState.PAUSED) {
            throw new VoyagerException("illegal-transition", "rollout " + id + " is already paused ("
                    + pauseReason.orElse("no reason") + ")");
        }
        return with(target, stage, stageStartedAt, RolloutState.PAUSED, Optional.of(reason), now);
    }

    /** Resumes a paused rollout; the current stage's soak time starts again. */
    public Rollout resume(Instant now) {
        if (state != RolloutState.PAUSED) {
            throw new VoyagerException("illegal-transition", "rollout " + id + " is not paused");
        }
        return with(target, stage, now, RolloutState.ACTIVE, Optional.empty(), now);
    }

    /**
     * Admits more devices while keeping every device already admitted. A manual widening ends a staged plan: the
     * operator has taken over.
     */
    public Rollout widen(RolloutTarget wider, Instant now) {
        if (!target.isWidenedBy(wider)) {
            throw new VoyagerException("illegal-transition", "rollout " + id + " cannot go from " + describe(target)
                    + " to " + describe(wider) + ": widening must keep every device already admitted; pause the"
                    + " rollout to stop offering the release");
        }
        return new Rollout(id, releaseId, productId, wider, Optional.empty(), 0, now, startAt, state, pauseReason,
                guard, salt, createdAt, now, revision);
    }

    /**
     * Changes the stages still to come, the current stage's soak time (counted from when the stage began) and the
     * success rate that advances them; the stages reached keep their percentages, so no device admitted leaves.
     */
    public Rollout replan(RolloutPlan next, Instant now) {
        Checks.notNull(next, "plan");
        RolloutPlan p = plan.orElseThrow(() -> new VoyagerException("illegal-transition", "rollout " + id
                + " has no staged plan to edit (a fixed audience, or a plan ended by widening); widen it instead"));
        if (next.stages().size() <= stage) {
            throw new InvalidInputException("rollout " + id + " has reached stage " + (stage + 1) + " of its plan,"
                    + " but the new plan has " + next.stages().size() + "; keep the stages it has reached");
        }
        for (int i = 0; i <= stage; i++) {
            int reached = p.stages().get(i).basisPoints();
            if (next.stages().get(i).basisPoints() != reached) {
                throw new InvalidInputException("stage " + (i + 1) + " of rollout " + id + " has been reached at "
                        + reached / 100.0 + "%, and the new plan gives it " + next.stages().get(i).basisPoints() / 100.0
                        + "%; change only the stages still to come");
            }
        }
        return new Rollout(id, releaseId, productId, target, Optional.of(next), stage, stageStartedAt, startAt, state,
                pauseReason, guard, salt, createdAt, now, revision);
    }

    /** Moves a staged plan to its next stage. */
    public Rollout advance(Instant now) {
        RolloutPlan p = plan.orElseThrow(() -> new VoyagerException("illegal-transition",
                "rollout " + id + " has no staged plan to advance"));
        if (p.isLast(stage)) {
            throw new VoyagerException("illegal-transition", "rollout " + id + " is already at its last stage");
        }
        int next = stage + 1;
        return with(new RolloutTarget.Percentage(p.stages().get(next).basisPoints()), next, now, state,
                pauseReason, now);
    }

    /** The same rollout as stored at the given revision; for registries. */
    public Rollout atRevision(long storedRevision) {
        return new Rollout(id, releaseId, productId, target, plan, stage, stageStartedAt, startAt, state,
                pauseReason, guard, salt, createdAt, updatedAt, storedRevision);
    }

    private Rollout with(RolloutTarget t, int s, Instant started, RolloutState st, Optional<String> reason,
                         Instant now) {
        return new Rollout(id, releaseId, productId, t, plan, s, started, startAt, st, reason, guard, salt,
                createdAt, now, revision);
    }

    static String describe(RolloutTarget t) {
        if (t instanceof RolloutTarget.Percentage p) {
            return p.basisPoints() / 100.0 + "%";
        }
        if (t instanceof RolloutTarget.Tags tags) {
            return "tags " + tags.tags();
        }
        if (t instanceof RolloutTarget.Devices d) {
            return d.deviceIds().size() + " listed devices";
        }
        return "all devices";
    }
}
