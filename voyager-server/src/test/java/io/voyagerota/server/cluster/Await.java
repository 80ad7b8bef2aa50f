package io.voyagerota.server.cluster;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Polls a condition until it holds, failing with what was awaited when it does not in time. */
final class Await {
    /** A condition that may throw. */
    interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    static void until(Condition condition, long millis, String what) throws Exception {
        until(condition, millis, () -> what);
    }

    /** {@code what} is asked only on failure, so it may describe the state then. */
    static void until(Condition condition, long millis, Supplier<String> what) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.holds()) {
            assertTrue(System.nanoTime() < deadline, () -> what.get() + ": not within " + millis + " ms");
            Thread.sleep(20);
        }
    }
}
