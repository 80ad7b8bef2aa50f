package io.voyagerota.rollout;

import io.voyagerota.VoyagerException;
import io.voyagerota.event.FailureBurst;
import io.voyagerota.event.RolloutAdvanced;
import io.voyagerota.event.RolloutPaused;
import io.voyagerota.event.SuccessRateLow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RolloutEvaluatorTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final RolloutGuard GUARD = new RolloutGuard(0.2, 10, 0.9, 5, Duration.ofHours(1));

    private static Rollout percent(int p) {
        return Rollout.create("rel", "prod", RolloutTarget.percent(p), Optional.empty(), GUARD, T0);
    }

    private static RolloutStats stats(long ok, long failed) {
        return new RolloutStats(ok, failed, failed == 0 ? Map.of() : Map.of("x", failed));
    }

    /** One outcome with both pause windows holding the rollout's whole figures. */
    private static RolloutEvaluator.Verdict outcome(Rollout r, RolloutStats before, RolloutStats after, long burst) {
        return RolloutEvaluator.afterOutcome(r, before, after, new RolloutEvaluator.Windows(after, after),
                after.failures() > before.failures(), burst, T0);
    }

    @Test
    void pausesItselfWhenTheFailureRateCrossesTheThreshold() {
        RolloutEvaluator.Verdict v = outcome(percent(10), stats(8, 1), stats(8, 2), 2);
        Rollout paused = v.changed().orElseThrow();
        assertEquals(RolloutState.PAUSED, paused.state());
        assertTrue(paused.pauseReason().orElseThrow().contains("failure rate 20.0% reached the 20.0% threshold"));
        RolloutPaused alert = v.events().stream().filter(RolloutPaused.class::isInstance)
                .map(RolloutPaused.class::cast).findFirst().orElseThrow();
        assertTrue(alert.automatic());
        assertFalse(paused.admits("any", java.util.Set.of(), T0), "a paused rollout admits nobody");
    }

    @Test
    void doesNotPauseBelowTheMinimumSample() {
        RolloutEvaluator.Verdict v = outcome(percent(10), stats(0, 8), stats(0, 9), 9);
        assertEquals(Optional.empty(), v.changed(), "9 failures of 9 are fewer than the minimum sample of 10");
    }

    @Test
    void doesNotPauseBelowTheThreshold() {
        RolloutEvaluator.Verdict v = outcome(percent(10), stats(90, 9), stats(90, 10), 1);
        assertEquals(Optional.empty(), v.changed());
    }

    @Test
    void successRateAlertFiresOnceWhenItCrossesBelow() {
        RolloutEvaluator.Verdict crossing = outcome(percent(10), stats(8, 1), stats(8, 2), 2);
        assertEquals(1, crossing.events().stream().filter(SuccessRateLow.class::isInstance).count());
        RolloutEvaluator.Verdict still = outcome(percent(10), stats(8, 2), stats(8, 3), 3);
        assertEquals(0, still.events().stream().filter(SuccessRateLow.class::isInstance).count());
    }

    @Test
    void burstAlertFiresWhenTheWindowReachesTheCount() {
        RolloutEvaluator.Verdict at = outcome(percent(10), stats(100, 4), stats(100, 5), 5);
        FailureBurst burst = (FailureBurst) at.events().stream().filter(FailureBurst.class::isInstance).findFirst()
                .orElseThrow();
        assertEquals(5, burst.failures());
        RolloutEvaluator.Verdict past = outcome(percent(10), stats(100, 5), stats(100, 6), 6);
        assertEquals(0, past.events().stream().filter(FailureBurst.class::isInstance).count());
    }

    @Test
    void stagedPlanAdvancesOnlyAfterSoakWithEnoughSuccess() {
        RolloutPlan plan = RolloutPlan.percentages(Duration.ofHours(1), 1, 10, 50, 100);
        Rollout r = Rollout.staged("rel", "prod", plan, Optional.empty(), GUARD, T0);
        assertEquals(new RolloutTarget.Percentage(100), r.target());

        assertEquals(Optional.empty(), RolloutEvaluator.onTick(r, stats(100, 0), T0.plusSeconds(3599)).changed(),
                "not soaked yet");
        assertEquals(Optional.empty(), RolloutEvaluator.onTick(r, stats(5, 0), T0.plusSeconds(3600)).changed(),
                "too few outcomes");
        assertEquals(Optional.empty(), RolloutEvaluator.onTick(r, stats(90, 10), T0.plusSeconds(3600)).changed(),
                "90% is below the 95% needed to advance");

        RolloutEvaluator.Verdict v = RolloutEvaluator.onTick(r, stats(100, 0), T0.plusSeconds(3600));
        Rollout next = v.changed().orElseThrow();
        assertEquals(1, next.stage());
        assertEquals(new RolloutTarget.Percentage(1000), next.target());
        assertEquals(T0.plusSeconds(3600), next.stageStartedAt());
        assertInstanceOf(RolloutAdvanced.class, v.events().get(0));

        Rollout last = next.advance(T0).advance(T0);
        assertEquals(new RolloutTarget.Percentage(10_000), last.target());
        assertEquals(Optional.empty(), RolloutEvaluator.onTick(last, stats(1000, 0), T0.plusSeconds(99_999)).changed());
        assertThrows(VoyagerException.class, () -> last.advance(T0));
    }

    @Test
    void aPausedPlanDoesNotAdvance() {
        RolloutPlan plan = RolloutPlan.percentages(Duration.ZERO, 1, 100);
        Rollout paused = Rollout.staged("rel", "prod", plan, Optional.empty(), GUARD, T0).pause("operator", T0);
        assertEquals(Optional.empty(), RolloutEvaluator.onTick(paused, stats(100, 0), T0.plusSeconds(10)).changed());
    }

    @Test
    void widenKeepsEveryoneAndRefusesToNarrow() {
        Rollout r = percent(10);
        assertEquals(new RolloutTarget.Percentage(5000), r.widen(RolloutTarget.percent(50), T0).target());
        VoyagerException e = assertThrows(VoyagerException.class, () -> r.widen(RolloutTarget.percent(5), T0));
        assertTrue(e.getMessage().contains("from 10.0% to 5.0%"), e.getMessage());
        assertThrows(VoyagerException.class, () -> r.widen(RolloutTarget.tags("beta"), T0));
        Rollout tags = Rollout.create("rel", "prod", RolloutTarget.tags("beta"), Optional.empty(), GUARD, T0);
        assertEquals(RolloutTarget.tags("beta", "vip"), tags.widen(RolloutTarget.tags("beta", "vip"), T0).target());
        assertEquals(RolloutTarget.all(), tags.widen(RolloutTarget.all(), T0).target());
    }

    @Test
    void planAndGuardValidation() {
        assertThrows(VoyagerException.class, () -> RolloutPlan.percentages(Duration.ZERO, 10, 10));
        assertThrows(VoyagerException.class, () -> RolloutPlan.percentages(Duration.ZERO));
        assertThrows(VoyagerException.class, () -> new RolloutGuard(0, 10, 0.9, 10, Duration.ofHours(1)));
        assertThrows(VoyagerException.class, () -> new RolloutGuard(0.2, 0, 0.9, 10, Duration.ofHours(1)));
        assertThrows(VoyagerException.class, () -> RolloutTarget.percent(101));
        assertThrows(VoyagerException.class, () -> RolloutSpec.all().toRollout("r", "p", GUARD, T0)
                .resume(T0));
    }
}
