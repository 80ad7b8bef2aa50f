package io.voyagerota;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A rollout's count of eligible and updated devices at one revision of the rollout, for {@link Rollouts#progress}.
 *
 * <p>Why reuse depends on what the count cost: counting reads every known device of the product. On a fleet of a
 * few thousand devices that takes milliseconds and the console's 5-second poll should see every report at once; on
 * a million devices it takes seconds, and a console left open on the rollouts page would keep a database busy. A
 * count that took {@link #MIN_COST_NANOS} or more is reused for {@link #REUSE_FACTOR} times as long as it took, so
 * counting costs at most a tenth of the time however large the fleet; a cheaper one is never reused.
 *
 * @param countedAt     when it was counted, on Voyager's clock (shown to operators)
 * @param countedNanos  {@link System#nanoTime()} when counting started
 * @param tookNanos     how long counting took
 */
record DeviceCount(long revision, Instant countedAt, long countedNanos, long tookNanos, long eligible, long updated) {
    static final long MIN_COST_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final int REUSE_FACTOR = 10;

    /** Whether this count still stands for the rollout at {@code revision} at {@code nowNanos}. */
    boolean reusable(long revision, long nowNanos) {
        return revision == this.revision && tookNanos >= MIN_COST_NANOS
                && nowNanos - countedNanos < REUSE_FACTOR * tookNanos;
    }
}
