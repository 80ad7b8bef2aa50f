package io.voyagerota.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** An {@link InstantSource} that stands still until a test moves it. Thread-safe. */
public final class MutableClock implements InstantSource {
    /** A fixed, round starting point so that expected instants are easy to read in failures. */
    public static final Instant DEFAULT_START = Instant.parse("2030-01-01T00:00:00Z");

    private final AtomicReference<Instant> now;

    private MutableClock(Instant start) {
        this.now = new AtomicReference<>(Objects.requireNonNull(start, "start must not be null"));
    }

    /** A clock standing at {@link #DEFAULT_START}. */
    public static MutableClock create() {
        return new MutableClock(DEFAULT_START);
    }

    /** A clock standing at {@code start}. */
    public static MutableClock at(Instant start) {
        return new MutableClock(start);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    /** Moves the clock forward (or back, for a negative amount) and returns the new instant. */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "amount must not be null");
        return now.updateAndGet(current -> current.plus(amount));
    }

    /** Sets the clock to {@code instant}. */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "instant must not be null"));
    }

    @Override
    public String toString() {
        return "MutableClock[" + now.get() + "]";
    }
}
