package io.voyagerota.rollout;

import io.voyagerota.InvalidInputException;
import io.voyagerota.VoyagerException;
import io.voyagerota.catalog.Release;
import io.voyagerota.testing.VoyagerFixture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Editing a staged plan while it runs: the stages to come change, the stages reached stay. */
class RolloutReplanTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private static Rollout atSecondStage() {
        Rollout r = Rollout.staged("rel", "prod", RolloutPlan.percentages(HOUR, 10, 50, 100), Optional.empty(),
                RolloutGuard.defaults(), NOW);
        return r.advance(NOW.plus(HOUR));
    }

    @Test
    void theStagesStillToComeAndTheGateChangeWhileTheCurrentStageKeepsItsAudienceAndItsStart() {
        Rollout r = atSecondStage();
        RolloutPlan slower = new RolloutPlan(List.of(new RolloutPlan.Stage(1000, HOUR),
                new RolloutPlan.Stage(5000, Duration.ofHours(4)), new RolloutPlan.Stage(7500, Duration.ofHours(4)),
                new RolloutPlan.Stage(10_000, Duration.ZERO)), 0.9);
        Instant later = NOW.plus(Duration.ofHours(2));
        Rollout replanned = r.replan(slower, later);
        assertEquals(Optional.of(slower), replanned.plan());
        assertEquals(1, replanned.stage());
        assertEquals(r.target(), replanned.target(), "nobody admitted leaves, nobody new comes in");
        assertEquals(r.stageStartedAt(), replanned.stageStartedAt(), "the new soak counts from the stage's start");
        assertEquals(r.state(), replanned.state());
        assertEquals(later, replanned.updatedAt());
    }

    @Test
    void aStageAlreadyReachedKeepsItsPercentage() {
        Rollout r = atSecondStage();
        InvalidInputException moved = assertThrows(InvalidInputException.class,
                () -> r.replan(RolloutPlan.percentages(HOUR, 10, 40, 100), NOW));
        assertTrue(moved.getMessage().contains("stage 2 of rollout " + r.id() + " has been reached at 50.0%"),
                moved.getMessage());
        InvalidInputException shorter = assertThrows(InvalidInputException.class,
                () -> r.replan(RolloutPlan.percentages(HOUR, 10), NOW));
        assertTrue(shorter.getMessage().contains("has reached stage 2 of its plan, but the new plan has 1"),
                shorter.getMessage());
    }

    @Test
    void aRolloutWithoutAPlanIsWidenedNotReplanned() {
        Rollout fixed = Rollout.create("rel", "prod", RolloutTarget.percent(10), Optional.empty(),
                RolloutGuard.defaults(), NOW);
        VoyagerException e = assertThrows(VoyagerException.class,
                () -> fixed.replan(RolloutPlan.percentages(HOUR, 10, 100), NOW));
        assertEquals("illegal-transition", e.code());
        assertTrue(e.getMessage().contains("widen it instead"), e.getMessage());
    }

    @Test
    void theFacadeStoresTheNewPlanAndTheTickAdvancesByIt() {
        VoyagerFixture f = new VoyagerFixture();
        f.production("1.0.0");
        Release release = f.production("1.1.0", RolloutSpec.staged(RolloutPlan.percentages(HOUR, 10, 100)));
        Rollout rollout = f.voyager.rollouts().ofRelease(release.id());
        RolloutPlan more = new RolloutPlan(List.of(new RolloutPlan.Stage(1000, Duration.ZERO),
                new RolloutPlan.Stage(3000, HOUR), new RolloutPlan.Stage(10_000, HOUR)), 0);
        Rollout stored = f.voyager.rollouts().replan(rollout.id(), more);
        assertEquals(rollout.revision() + 1, stored.revision());
        assertEquals(Optional.of(more), f.voyager.rollouts().get(rollout.id()).plan());
    }
}
