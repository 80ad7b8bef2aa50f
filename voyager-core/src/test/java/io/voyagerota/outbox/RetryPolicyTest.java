package io.voyagerota.outbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;

import static io.voyagerota.outbox.OutboxRelayTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryPolicyTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        assertEquals(new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofMinutes(5), 2.0), RetryPolicy.defaults());
    }

    @Test
    void delayIsExponentialWithEqualJitterAndCapped() {
        RetryPolicy policy = RetryPolicy.defaults();
        SplittableRandom random = new SplittableRandom(7);
        for (int attempt = 1; attempt <= 40; attempt++) {
            long d = Math.min(300_000L, 1000L << Math.min(attempt - 1, 20));
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int i = 0; i < 200; i++) {
                long delay = policy.delayAfter(attempt, random).toMillis();
                min = Math.min(min, delay);
                max = Math.max(max, delay);
            }
            assertTrue(min >= d / 2 && max <= d, "attempt " + attempt + ": [" + min + ", " + max + "] outside ["
                    + d / 2 + ", " + d + "]");
            assertNotEquals(min, max, "attempt " + attempt + " is jittered");
        }
        assertTrue(policy.delayAfter(Integer.MAX_VALUE, random).compareTo(Duration.ofMinutes(5)) <= 0,
                "a huge attempt number neither overflows nor exceeds the cap");
    }

    @Test
    void constantBackoffWithMultiplierOne() {
        RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1), 1.0);
        assertEquals(Duration.ofMillis(1), policy.delayAfter(1, new SplittableRandom(1)));
        assertEquals(Duration.ofMillis(1), policy.delayAfter(3, new SplittableRandom(1)));
    }

    @Test
    void rejectsBadSettingsWithMessagesThatSayWhatToFix() {
        RetryPolicy d = RetryPolicy.defaults();
        assertMessage(IllegalArgumentException.class, "maxAttempts must be at least 1", () -> d.withMaxAttempts(0));
        assertMessage(IllegalArgumentException.class, "initialBackoff must be at least 1 ms",
                () -> d.withInitialBackoff(Duration.ZERO));
        assertMessage(IllegalArgumentException.class, "maxBackoff (PT0.5S) must be at least initialBackoff (PT1S)",
                () -> d.withMaxBackoff(Duration.ofMillis(500)));
        assertMessage(IllegalArgumentException.class, "maxBackoff must be at most PT24H",
                () -> d.withMaxBackoff(Duration.ofDays(2)));
        assertMessage(IllegalArgumentException.class, "multiplier must be a finite number of at least 1.0",
                () -> d.withMultiplier(0.5));
        assertMessage(IllegalArgumentException.class, "multiplier must be a finite number",
                () -> d.withMultiplier(Double.NaN));
        assertMessage(NullPointerException.class, "initialBackoff must not be null",
                () -> d.withInitialBackoff(null));
        assertMessage(IllegalArgumentException.class, "attempt is 1-based",
                () -> d.delayAfter(0, new SplittableRandom()));
        assertThrows(NullPointerException.class, () -> d.delayAfter(1, null));
    }
}
