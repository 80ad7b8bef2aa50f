package io.voyagerota.rollout;

import io.voyagerota.InvalidInputException;
import io.voyagerota.support.Checks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A staged rollout such as 1% → 10% → 50% → 100%: the rollout moves to the next stage once it has soaked in the
 * current one for the stage's soak time and the devices that stage admitted (its {@linkplain #fromBucket buckets})
 * number at least the guard's minimum sample with a success rate of at least {@code advanceAtSuccessRate}.
 */
public record RolloutPlan(List<Stage> stages, double advanceAtSuccessRate) {

    /** One step of a plan: the share of the fleet and how long to watch it before moving on. */
    public record Stage(int basisPoints, Duration soak) {
        public Stage {
            Checks.inRange(basisPoints, 1, RolloutBuckets.BUCKETS, "stage percentage in basis points");
            Checks.notNull(soak, "soak");
            if (soak.isNegative()) {
                throw new InvalidInputException("a stage's soak time cannot be negative: " + soak);
            }
        }
    }

    public RolloutPlan {
        stages = List.copyOf(Checks.noNulls(stages, "stages"));
        if (stages.isEmpty()) {
            throw new InvalidInputException("a rollout plan needs at least one stage");
        }
        for (int i = 1; i < stages.size(); i++) {
            if (stages.get(i).basisPoints() <= stages.get(i - 1).basisPoints()) {
                throw new InvalidInputException("rollout plan stages must grow: stage " + (i + 1) + " ("
                        + stages.get(i).basisPoints() / 100.0 + "%) is not above stage " + i + " ("
                        + stages.get(i - 1).basisPoints() / 100.0 + "%)");
            }
        }
        if (!(advanceAtSuccessRate >= 0 && advanceAtSuccessRate <= 1)) {
            throw new InvalidInputException("advanceAtSuccessRate is " + advanceAtSuccessRate
                    + " but must be between 0 and 1");
        }
    }

    /** Whole-number percentages with one soak time for every stage, advancing at 95% success. */
    public static RolloutPlan percentages(Duration soak, int... percents) {
        List<Stage> list = new ArrayList<>();
        for (int p : percents) {
            Checks.inRange(p, 1, 100, "stage percentage");
            list.add(new Stage(p * 100, soak));
        }
        return new RolloutPlan(list, 0.95);
    }

    /**
     * The first bucket a stage admitted: the devices of buckets {@code fromBucket(s)} to {@code toBucket(s) - 1} are
     * those stage {@code s} added to the ones before it.
     */
    public int fromBucket(int stage) {
        return stage == 0 ? 0 : stages.get(stage - 1).basisPoints();
    }

    /** The bucket after the last one a stage admitted. */
    public int toBucket(int stage) {
        return stages.get(stage).basisPoints();
    }

    public boolean isLast(int stage) {
        return stage >= stages.size() - 1;
    }
}
