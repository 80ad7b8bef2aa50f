package io.voyagerota.outbox;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How often and how fast a relay retries an event whose handler failed.
 *
 * <p>Attempt {@code n} (1-based; the first delivery is attempt 1) that fails while {@code n < maxAttempts} is
 * retried after {@link #delayAfter(int, RandomGenerator)}; attempt {@code maxAttempts} that fails makes the event
 * FAILED. The delay grows exponentially and is jittered so that a fleet of events that failed together (a webhook
 * endpoint down) does not retry in lock step.
 *
 * @param maxAttempts    how many delivery attempts an event gets before it is FAILED; at least 1
 * @param initialBackoff the base delay after the first failed attempt; at least 1 ms
 * @param maxBackoff     the cap on the base delay; at least {@code initialBackoff}, at most 1 day
 * @param multiplier     how much the base delay grows per attempt; finite and at least 1.0
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier) {

    private static final Duration LONGEST_BACKOFF = Duration.ofDays(1);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1 (the first delivery counts as an"
                    + " attempt), got " + maxAttempts);
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff must not be null");
        Objects.requireNonNull(maxBackoff, "maxBackoff must not be null");
        if (initialBackoff.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("initialBackoff must be at least 1 ms, got " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must be at least initialBackoff ("
                    + initialBackoff + "); raise maxBackoff or lower initialBackoff");
        }
        if (maxBackoff.compareTo(LONGEST_BACKOFF) > 0) {
            throw new IllegalArgumentException("maxBackoff must be at most " + LONGEST_BACKOFF + ", got "
                    + maxBackoff + "; for longer outages let events go FAILED and resubmit them");
        }
        if (!Double.isFinite(multiplier) || multiplier < 1.0) {
            throw new IllegalArgumentException("multiplier must be a finite number of at least 1.0 (1.0 means a"
                    + " constant backoff), got " + multiplier);
        }
    }

    /** 8 attempts, 1 s initial backoff doubling up to 5 min: the last attempt comes 1 to 2 minutes after the first. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofMinutes(5), 2.0);
    }

    public RetryPolicy withMaxAttempts(int maxAttempts) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier);
    }

    public RetryPolicy withInitialBackoff(Duration initialBackoff) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier);
    }

    public RetryPolicy withMaxBackoff(Duration maxBackoff) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier);
    }

    public RetryPolicy withMultiplier(double multiplier) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier);
    }

    /**
     * The delay before retrying after failed attempt {@code attempt} (1-based), in whole milliseconds:
     * <pre>
     *   d     = min(maxBackoff, initialBackoff × multiplier^(attempt − 1))
     *   delay = uniform in [⌈d / 2⌉, d]      ("equal jitter")
     * </pre>
     * Equal jitter keeps at least half of the exponential delay, so retries still back off, while spreading
     * events that failed together over the other half. Millisecond granularity suits every database's timestamp.
     *
     * @throws IllegalArgumentException if {@code attempt < 1}
     */
    public Duration delayAfter(int attempt, RandomGenerator random) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt is 1-based and must be at least 1, got " + attempt);
        }
        Objects.requireNonNull(random, "random must not be null");
        double maxMillis = maxBackoff.toMillis();
        // In double, a huge attempt number overflows to infinity rather than wrapping, and min() caps it.
        double base = initialBackoff.toMillis() * Math.pow(multiplier, attempt - 1.0);
        long d = (long) Math.min(maxMillis, base);
        long low = (d + 1) / 2;
        return Duration.ofMillis(low + random.nextLong(d - low + 1));
    }
}
