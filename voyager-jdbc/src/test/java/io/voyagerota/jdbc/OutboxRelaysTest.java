package io.voyagerota.jdbc;

import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxHandler;
import io.voyagerota.outbox.OutboxRelay;
import io.voyagerota.outbox.OutboxState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two {@link OutboxRelay}s, as on two nodes (each with its own registry over the pool, so every claim and mark runs
 * on its own pooled connection), draining one outbox at the same time.
 */
abstract class OutboxRelaysTest extends DatabaseTest {
    private static final int EVENTS = 300;

    @Test
    @Timeout(90)
    void twoRelaysNeverProcessTheSameEvent() throws Exception {
        List<OutboxEvent> events = new ArrayList<>();
        Instant t0 = Instant.now().minusSeconds(60);
        for (int i = 0; i < EVENTS; i++) {
            events.add(OutboxEvent.pending("effect.apply", "release-" + i, "{}", t0.plusMillis(i / 3)));
        }
        registry.outbox().append(events);

        Map<String, String> inFlight = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        Set<String> overlaps = ConcurrentHashMap.newKeySet();
        Map<String, AtomicInteger> perRelay = new ConcurrentHashMap<>();
        List<OutboxRelay> relays = new ArrayList<>();
        for (String name : List.of("relay-a", "relay-b")) {
            OutboxHandler handler = event -> {
                String other = inFlight.putIfAbsent(event.id(), name);
                if (other != null) {
                    overlaps.add(event.id() + " by " + name + " while " + other + " had it");
                }
                deliveries.computeIfAbsent(event.id(), k -> new AtomicInteger()).incrementAndGet();
                perRelay.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                Thread.sleep(1); // long enough for the relays' batches to interleave
                inFlight.remove(event.id(), name);
            };
            JdbcRegistry node = JdbcRegistry.builder(database.dataSource()).dialect(dialect()).build();
            relays.add(OutboxRelay.builder(node.outbox()).owner(name).batchSize(7).lease(Duration.ofMinutes(5))
                    .handler("effect.apply", handler).build());
        }

        ExecutorService threads = Executors.newFixedThreadPool(relays.size());
        try {
            CyclicBarrier start = new CyclicBarrier(relays.size());
            List<Future<?>> running = new ArrayList<>();
            for (OutboxRelay relay : relays) {
                running.add(threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (registry.outbox().counts().get(OutboxState.PROCESSED) < EVENTS
                            && System.nanoTime() < deadline) {
                        if (relay.runOnce() == 0) {
                            Thread.sleep(2);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(80, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertEquals(Set.of(), overlaps, "an event was handled by two relays at once");
        assertEquals(EVENTS, deliveries.size(), "every event was delivered");
        assertTrue(deliveries.values().stream().allMatch(n -> n.get() == 1), "no event was delivered twice");
        assertEquals(EVENTS, registry.outbox().counts().get(OutboxState.PROCESSED));
        assertTrue(perRelay.size() == 2, "both relays delivered events: " + perRelay);
    }
}
