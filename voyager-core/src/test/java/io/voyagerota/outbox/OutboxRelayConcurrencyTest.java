package io.voyagerota.outbox;

import io.voyagerota.memory.InMemoryOutboxStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxRelayConcurrencyTest {
    private static final int EVENTS = 300;

    @Test
    @Timeout(30)
    void twoRelaysOnTwoThreadsDeliverEveryEventAndNeverHandleOneAtTheSameTime() throws Exception {
        InMemoryOutboxStore store = new InMemoryOutboxStore();
        List<OutboxEvent> events = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < EVENTS; i++) {
            events.add(OutboxEvent.pending("device.trigger", "device-" + i, "{\"n\":" + i + "}", now));
        }
        store.append(events);

        Map<String, String> inFlight = new ConcurrentHashMap<>();
        Set<String> overlaps = ConcurrentHashMap.newKeySet();
        Set<String> succeeded = ConcurrentHashMap.newKeySet();
        AtomicInteger failuresInjected = new AtomicInteger();
        Map<String, AtomicInteger> deliveriesByThread = new ConcurrentHashMap<>();
        // Each relay's first delivery waits for the other's, so both really hold leases at the same time.
        CountDownLatch bothBusy = new CountDownLatch(2);
        OutboxHandler handler = event -> {
            String holder = Thread.currentThread().getName();
            if (inFlight.putIfAbsent(event.id(), holder) != null) {
                overlaps.add(event.id());
            }
            try {
                if (deliveriesByThread.putIfAbsent(holder, new AtomicInteger()) == null) {
                    bothBusy.countDown();
                    bothBusy.await(5, TimeUnit.SECONDS);
                }
                deliveriesByThread.get(holder).incrementAndGet();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                if (random.nextBoolean()) {
                    Thread.yield();
                } else if (random.nextInt(10) == 0) {
                    Thread.sleep(1);
                }
                if (event.attempts() == 1 && random.nextInt(30) == 0) {
                    failuresInjected.incrementAndGet();
                    throw new IllegalStateException("transient failure");
                }
                succeeded.add(event.id());
            } finally {
                inFlight.remove(event.id(), holder);
            }
        };
        RetryPolicy fast = new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(4), 2.0);

        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        List<Throwable> crashes = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            OutboxRelay relay = OutboxRelay.builder(store).handler("device.trigger", handler)
                    .owner("relay-" + w).batchSize(7).retryPolicy(fast).build();
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (store.counts().get(OutboxState.PROCESSED) < EVENTS && System.nanoTime() < deadline) {
                        if (relay.runOnce() == 0) {
                            Thread.sleep(1); // only retries not yet due remain
                        }
                    }
                } catch (Throwable e) {
                    synchronized (crashes) {
                        crashes.add(e);
                    }
                }
            }, "relay-thread-" + w);
            workers.add(worker);
            worker.start();
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }

        assertTrue(crashes.isEmpty(), "relay threads threw: " + crashes);
        assertTrue(overlaps.isEmpty(), "handled by two relays at once: " + overlaps);
        assertEquals(EVENTS, succeeded.size(), "every event delivered");
        assertEquals(0, bothBusy.getCount(), "both relays delivered events: " + deliveriesByThread);
        Map<OutboxState, Long> counts = store.counts();
        assertEquals(Map.of(OutboxState.PENDING, 0L, OutboxState.PROCESSING, 0L, OutboxState.PROCESSED,
                (long) EVENTS, OutboxState.FAILED, 0L, OutboxState.DISCARDED, 0L), counts);
        long retried = store.list(OutboxState.PROCESSED, EVENTS).stream().filter(e -> e.attempts() > 1).count();
        assertEquals(failuresInjected.get(), (int) retried, "each injected failure cost exactly one more attempt");
    }
}
