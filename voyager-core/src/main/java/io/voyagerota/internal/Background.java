package io.voyagerota.internal;

import io.voyagerota.outbox.OutboxRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The background threads of one Voyager, each on its own executor so that no kind of work waits for another: the
 * catalog watch (is the catalog or the directory newer on another node?), the tick (sightings, staged rollouts),
 * the relay of ordinary outbox events, and the fan-out workers. A fan-out that takes minutes then delays neither a
 * revocation made on another node nor an artifact delete, and a slow webhook delays no fan-out.
 *
 * <p>A relay that handled something runs again at once (up to {@link #ROUNDS} batches) instead of waiting for its
 * interval, so a backlog drains at the speed of its handlers.
 */
public final class Background {
    /** The most batches a relay runs back to back before it yields to its interval. */
    static final int ROUNDS = 1000;
    /** How long closing waits for running work to finish before it interrupts it. */
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(Background.class);

    private final List<ScheduledExecutorService> executors = new ArrayList<>();

    private Background() {
    }

    /**
     * Starts the threads.
     *
     * @param watch   the catalog watch, run every {@code refresh}
     * @param tick    the rest of the tick, run every {@code tickInterval}
     * @param relay   the relay of every event but fan-outs, run every {@code relayInterval}
     * @param fanouts the fan-out relays, one thread each, run every {@code relayInterval}
     */
    public static Background start(Runnable watch, Duration refresh, Runnable tick, Duration tickInterval,
                                   OutboxRelay relay, List<OutboxRelay> fanouts, Duration relayInterval) {
        Background b = new Background();
        b.schedule("voyager-catalog-watch", "catalog watch", watch, refresh);
        b.schedule("voyager-tick", "tick", tick, tickInterval);
        b.schedule("voyager-outbox", "outbox relay", () -> drain(relay), relayInterval);
        for (int i = 0; i < fanouts.size(); i++) {
            OutboxRelay fanout = fanouts.get(i);
            b.schedule("voyager-fanout-" + (i + 1), "fan-out relay", () -> drain(fanout), relayInterval);
        }
        return b;
    }

    /** Stops every thread: waits for running work to finish, then interrupts what still runs. */
    public void close() {
        executors.forEach(ScheduledExecutorService::shutdown);
        long deadline = System.nanoTime() + GRACE.toNanos();
        try {
            for (ScheduledExecutorService executor : executors) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !executor.awaitTermination(left, TimeUnit.NANOSECONDS)) {
                    // An interrupted relay hands its unfinished events back at once (OutboxRelay.runOnce).
                    executor.shutdownNow();
                }
            }
            for (ScheduledExecutorService executor : executors) {
                executor.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            executors.forEach(ScheduledExecutorService::shutdownNow);
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code task} on a thread of its own named {@code thread}, at once and then {@code every}. */
    public void schedule(String thread, String what, Runnable task, Duration every) {
        Runnable guarded = guarded(what, task);
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, thread);
            t.setDaemon(true);
            return t;
        });
        executors.add(executor);
        executor.scheduleWithFixedDelay(guarded, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void drain(OutboxRelay relay) {
        for (int round = 0; round < ROUNDS && !Thread.currentThread().isInterrupted(); round++) {
            if (relay.runOnce() == 0) {
                return;
            }
        }
    }

    private static Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("voyager {} failed; it runs again at the next interval", what, e);
            }
        };
    }
}
