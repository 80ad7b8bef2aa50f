package io.voyagerota.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PropertySeedTest {
    @Test
    void unsetEmptyBlankAndUnexpandedMavenPropertyMeanNoSeed() {
        assertEquals(OptionalLong.empty(), PropertySeed.parse(null));
        assertEquals(OptionalLong.empty(), PropertySeed.parse(""));
        assertEquals(OptionalLong.empty(), PropertySeed.parse("  "));
        assertEquals(OptionalLong.empty(), PropertySeed.parse("${voyager.seed}"));
    }

    @Test
    void aSeedIsAnyLong() {
        assertEquals(OptionalLong.of(42), PropertySeed.parse("42"));
        assertEquals(OptionalLong.of(-7), PropertySeed.parse(" -7 "));
        assertEquals(OptionalLong.of(Long.MIN_VALUE), PropertySeed.parse(Long.toString(Long.MIN_VALUE)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PropertySeed.parse("abc"));
        assertEquals("-Dvoyager.seed must be a whole number that fits a Java long, got \"abc\"; leave it unset for a"
                + " random seed", e.getMessage());
    }

    @Test
    void rerunHintNamesTheSeedTwice() {
        long seed = PropertySeed.seed();
        assertEquals("voyager.seed=" + seed + " (rerun with -Dvoyager.seed=" + seed + ")", PropertySeed.rerunHint());
    }

    @Test
    void aPropertysGeneratorDependsOnlyOnTheSeedAndItsName() {
        SplittableRandom first = PropertySeed.random("some property");
        SplittableRandom again = PropertySeed.random("some property");
        SplittableRandom other = PropertySeed.random("another property");
        long[] a = first.longs(8).toArray();
        long[] b = again.longs(8).toArray();
        long[] c = other.longs(8).toArray();
        assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b));
        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c));
    }

    @Test
    void checkRunsEveryIteration() {
        AtomicInteger runs = new AtomicInteger();
        PropertySeed.check("counts", 250, random -> runs.incrementAndGet());
        assertEquals(250, runs.get());
        assertThrows(IllegalArgumentException.class, () -> PropertySeed.check("none", 0, random -> { }));
    }

    @Test
    void aFailingPropertyReportsTheSeedIterationAndCause() {
        AssertionError cause = new AssertionError("expected 1 but was 2");
        AtomicInteger runs = new AtomicInteger();
        AssertionError failure = assertThrows(AssertionError.class, () -> PropertySeed.check("fails at 3", 10, random -> {
            if (runs.incrementAndGet() == 3) {
                throw cause;
            }
        }));
        assertEquals("property \"fails at 3\" failed at iteration 3 of 10 with " + PropertySeed.rerunHint()
                + ": expected 1 but was 2", failure.getMessage());
        assertTrue(failure.getMessage().contains("-Dvoyager.seed=" + PropertySeed.seed()));
        assertSame(cause, failure.getCause());
    }

    @Test
    void anExceptionInAPropertyFailsItTheSameWay() {
        AssertionError failure = assertThrows(AssertionError.class, () -> PropertySeed.check("throws", 5, random -> {
            throw new IOException("disk gone");
        }));
        assertEquals("property \"throws\" failed at iteration 1 of 5 with " + PropertySeed.rerunHint()
                + ": java.io.IOException: disk gone", failure.getMessage());
        assertTrue(failure.getCause() instanceof IOException);
    }
}
