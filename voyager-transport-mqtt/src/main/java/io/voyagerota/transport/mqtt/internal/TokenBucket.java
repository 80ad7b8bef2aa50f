package io.voyagerota.transport.mqtt.internal;

import java.util.function.LongSupplier;

/**
 * A token bucket: on average {@code rate} permits per second, with bursts of up to one second's worth (at least
 * one). {@link #acquire()} waits until a permit is there. Time and sleeping are injected so tests need not wait.
 */
public final class TokenBucket {
    /** Waits for a number of nanoseconds. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final double perNano;
    private final double capacity;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private double tokens;
    private long last;

    public TokenBucket(double perSecond, LongSupplier nanoTime, Sleeper sleeper) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive, not " + perSecond);
        }
        this.perNano = perSecond / 1e9;
        this.capacity = Math.max(1, perSecond);
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.tokens = capacity;
        this.last = nanoTime.getAsLong();
    }

    /** A bucket on the system's clock. */
    public static TokenBucket of(double perSecond) {
        return new TokenBucket(perSecond, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000,
                (int) (nanos % 1_000_000)));
    }

    /** Takes one permit, waiting for it if the bucket is empty. Callers are served one at a time. */
    public synchronized void acquire() throws InterruptedException {
        while (true) {
            long now = nanoTime.getAsLong();
            tokens = Math.min(capacity, tokens + (now - last) * perNano);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return;
            }
            sleeper.sleep(Math.max(1, (long) Math.ceil((1 - tokens) / perNano)));
        }
    }
}
