package io.voyagerota.testkit;

import io.voyagerota.ConflictException;
import io.voyagerota.outbox.ClaimFilter;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.spi.OutboxStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-aggregate delivery order every {@link OutboxStore} adapter must keep: an event is claimable only while no
 * earlier-appended event of its aggregate is {@code PENDING} or {@code PROCESSING}; claim filters by type; and
 * {@link OutboxStore#appendIfAbsent}. Extend it and implement {@link #newStore()}, as for
 * {@link OutboxStoreCompatibilityKit}; the adapters here run it as a {@code @Nested} class of their test of that kit,
 * on the same store.
 *
 * <p>The randomized case takes its seed from {@code -Dvoyager.seed} (random when unset) and prints it.
 */
public abstract class OutboxOrderCompatibilityKit {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);

    protected OutboxStore store;

    /** A fresh, empty store; called before every test. */
    protected abstract OutboxStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    private OutboxEvent appended(String type, String aggregate, Instant createdAt) {
        OutboxEvent event = OutboxEvent.pending(type, aggregate, "{}", createdAt);
        store.append(List.of(event));
        return event;
    }

    private static List<String> ids(List<OutboxEvent> events) {
        return events.stream().map(OutboxEvent::id).toList();
    }

    private List<String> claim(String owner, Instant now) {
        return ids(store.claim(owner, now, LEASE, 10));
    }

    @Test
    void laterEventOfAnAggregateWaitsUntilTheEarlierOneIsProcessed() {
        OutboxEvent first = appended("artifact.delete", "key-1", T0);
        OutboxEvent second = appended("artifact.restore", "key-1", T0.plusMillis(1));
        OutboxEvent other = appended("artifact.delete", "key-2", T0.plusMillis(2));

        assertEquals(List.of(first.id(), other.id()), claim("a", T0.plusSeconds(1)),
                "one event per aggregate, aggregates apart");
        assertTrue(store.markProcessed(other.id(), "a", T0.plusSeconds(1)));
        assertEquals(List.of(), claim("b", T0.plusSeconds(2)), "the second waits while the first is PROCESSING");
        Instant retryAt = T0.plusSeconds(10);
        assertTrue(store.markForRetry(first.id(), "a", retryAt, "storage timed out"));
        assertEquals(List.of(), claim("b", T0.plusSeconds(3)), "and while the first waits for its retry");

        assertEquals(List.of(first.id()), claim("b", retryAt), "the first is retried");
        Instant expired = retryAt.plus(LEASE).plusSeconds(1);
        assertEquals(List.of(first.id()), claim("c", expired), "an expired lease: the first again, not the second");
        assertTrue(store.markProcessed(first.id(), "c", expired));
        assertEquals(List.of(second.id()), claim("c", expired), "the second once the first is PROCESSED");
    }

    @Test
    void failedAndDiscardedEventsDoNotHoldBackLaterOnes() {
        OutboxEvent first = appended("artifact.delete", "key-1", T0);
        OutboxEvent second = appended("artifact.restore", "key-1", T0.plusMillis(1));
        OutboxEvent third = appended("artifact.delete", "key-1", T0.plusMillis(2));
        assertEquals(List.of(first.id()), claim("a", T0.plusSeconds(1)));
        assertTrue(store.markFailed(first.id(), "a", "gave up"));
        assertEquals(List.of(second.id()), claim("a", T0.plusSeconds(1)), "FAILED does not block");
        assertTrue(store.markFailed(second.id(), "a", "gave up"));
        assertTrue(store.discard(second.id(), "operator: obsolete"));
        assertEquals(List.of(third.id()), claim("a", T0.plusSeconds(1)), "nor does DISCARDED");
    }

    @Test
    void orderIsAppendOrderNotCreationTime() {
        // Nodes' clocks differ: the later append may carry the earlier createdAt.
        OutboxEvent appendedFirst = appended("artifact.delete", "key-1", T0.plusSeconds(5));
        OutboxEvent appendedSecond = appended("artifact.restore", "key-1", T0);
        assertEquals(List.of(appendedFirst.id()), claim("a", T0.plusSeconds(6)));
        assertTrue(store.markProcessed(appendedFirst.id(), "a", T0.plusSeconds(6)));
        assertEquals(List.of(appendedSecond.id()), claim("a", T0.plusSeconds(6)));
    }

    @Test
    void eventsWithoutAnAggregateAreNotOrdered() {
        OutboxEvent a = appended("webhook.call", "", T0);
        OutboxEvent b = appended("webhook.call", "", T0.plusMillis(1));
        assertEquals(List.of(a.id(), b.id()), claim("a", T0.plusSeconds(1)));
    }

    /** The regression of issue 14: a failed delete retried after a restore re-hid the artifact of a live release. */
    @Test
    void failedDeleteRetriedAfterARestoreDoesNotRunAfterTheRestore() {
        OutboxEvent delete = appended("artifact.delete", "product/1.0.0/firmware.bin", T0);
        OutboxEvent restore = appended("artifact.restore", "product/1.0.0/firmware.bin", T0.plusMillis(5));
        List<String> applied = new ArrayList<>();
        boolean storageDown = true; // the first delete attempt fails
        boolean visible = true;
        // A relay's loop, once a second for a minute: claim, apply in claim order, mark.
        for (Instant now = T0; now.isBefore(T0.plusSeconds(60)); now = now.plusSeconds(1)) {
            for (OutboxEvent event : store.claim("relay", now, LEASE, 10)) {
                if (event.id().equals(delete.id()) && storageDown) {
                    storageDown = false;
                    assertTrue(store.markForRetry(event.id(), "relay", now.plusSeconds(10), "storage unavailable"));
                    continue;
                }
                visible = !event.id().equals(delete.id());
                applied.add(event.type());
                assertTrue(store.markProcessed(event.id(), "relay", now));
            }
        }
        assertEquals(List.of("artifact.delete", "artifact.restore"), applied, "delivered in commit order");
        assertTrue(visible, "the restored artifact stays visible");
        assertEquals(OutboxState.PROCESSED, store.find(restore.id()).orElseThrow().state());
    }

    @Test
    void claimFilterTakesOnlyItsTypesAndEarlierEventsOfOtherTypesStillBlock() {
        OutboxEvent delete = appended("artifact.delete", "p1", T0);
        OutboxEvent trigger = appended("devices.trigger", "p1", T0.plusMillis(1));
        OutboxEvent otherTrigger = appended("devices.trigger", "p2", T0.plusMillis(2));
        ClaimFilter triggers = ClaimFilter.only("devices.trigger");

        assertEquals(List.of(otherTrigger.id()), ids(store.claim("f", T0.plusSeconds(1), LEASE, 10, triggers)),
                "p1's trigger waits for p1's delete, which this claimer does not take");
        assertEquals(List.of(delete.id()), ids(store.claim("o", T0.plusSeconds(1), LEASE, 10, ClaimFilter.allExcept(
                "devices.trigger"))));
        assertTrue(store.markProcessed(delete.id(), "o", T0));
        assertEquals(List.of(trigger.id()), ids(store.claim("f", T0.plusSeconds(1), LEASE, 10, triggers)));
    }

    @Test
    void appendIfAbsentStoresOnlyNewIds() {
        OutboxEvent stored = appended("devices.trigger.chunk", "p#fanout-1", T0);
        OutboxEvent same = new OutboxEvent(stored.id(), "devices.trigger.chunk", "p#fanout-1", "{\"other\":1}",
                OutboxState.PENDING, 0, T0, T0, Optional.empty(), Optional.empty(),
                Optional.empty());
        OutboxEvent fresh = OutboxEvent.pending("devices.trigger.chunk", "p#fanout-2", "{}", T0);

        assertEquals(1, store.appendIfAbsent(List.of(same, fresh)));
        assertEquals(stored, store.find(stored.id()).orElseThrow(), "a stored id is kept as it was");
        assertEquals(fresh, store.find(fresh.id()).orElseThrow());
        assertEquals(0, store.appendIfAbsent(List.of(same, fresh)), "a second time stores nothing");
        assertEquals(0, store.appendIfAbsent(List.of()));
        OutboxEvent another = OutboxEvent.pending("devices.trigger.chunk", "p#fanout-3", "{}", T0);
        assertThrows(ConflictException.class, () -> store.appendIfAbsent(List.of(another, another)));
        assertTrue(store.find(another.id()).isEmpty());
        assertEquals(2L, store.counts().get(OutboxState.PENDING));
    }

    @Test
    @Timeout(60)
    void concurrentAppendIfAbsentStoresEachEventOnce() throws Exception {
        List<OutboxEvent> chunks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            chunks.add(new OutboxEvent("parent-c" + i, "devices.trigger.chunk", "p#fanout-parent-" + i, "{}",
                    OutboxState.PENDING, 0, T0, T0, Optional.empty(), Optional.empty(),
                    Optional.empty()));
        }
        int threads = 4;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> stored = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                stored.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return store.appendIfAbsent(chunks);
                }));
            }
            int total = 0;
            for (Future<Integer> f : stored) {
                total += f.get(30, TimeUnit.SECONDS);
            }
            assertEquals(chunks.size(), total, "every event stored by exactly one of the racing appends");
        } finally {
            pool.shutdownNow();
        }
        assertEquals((long) chunks.size(), store.counts().get(OutboxState.PENDING));
    }

    /**
     * Chains of events on a few aggregates, appended interleaved with creation times shuffled, claimed by four
     * racing claimers that retry a random share of what they claim: no aggregate ever has two events out at once,
     * and each aggregate's events are claimed and processed in append order.
     */
    @Test
    @Timeout(60)
    void concurrentClaimersNeverDeliverTheEventsOfOneAggregateOutOfOrder() throws Exception {
        long seed = seed();
        String hint = "voyager.seed=" + seed + " (rerun with -Dvoyager.seed=" + seed + ")";
        System.out.println(getClass().getSimpleName() + " concurrent order: " + hint);
        SplittableRandom random = new SplittableRandom(seed);
        int aggregates = 12;
        int perAggregate = 15;
        List<String> appendOrder = new ArrayList<>();
        for (int a = 0; a < aggregates; a++) {
            for (int i = 0; i < perAggregate; i++) {
                appendOrder.add("agg-" + a);
            }
        }
        Collections.shuffle(appendOrder, new Random(random.nextLong()));
        Map<String, Integer> appendedSoFar = new ConcurrentHashMap<>();
        Map<String, String> aggregateOf = new ConcurrentHashMap<>();
        Map<String, Integer> indexOf = new ConcurrentHashMap<>();
        for (String aggregate : appendOrder) {
            int index = appendedSoFar.merge(aggregate, 1, Integer::sum) - 1;
            OutboxEvent e = appended("artifact.delete", aggregate, T0.plusMillis(random.nextInt(1000)));
            aggregateOf.put(e.id(), aggregate);
            indexOf.put(e.id(), index);
        }
        Instant now = T0.plusSeconds(3600);
        Map<String, Integer> processed = new ConcurrentHashMap<>(); // per aggregate: how many are PROCESSED
        Set<String> outNow = ConcurrentHashMap.newKeySet();
        List<String> violations = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger done = new AtomicInteger();
        int total = aggregates * perAggregate;
        int threads = 4;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String owner = "claimer-" + t;
                SplittableRandom mine = random.split();
                workers.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    while (done.get() < total && violations.isEmpty()) {
                        for (OutboxEvent e : store.claim(owner, now, Duration.ofHours(1), 1 + mine.nextInt(6))) {
                            String aggregate = aggregateOf.get(e.id());
                            if (!outNow.add(aggregate)) {
                                violations.add(aggregate + " had two events out at once");
                            }
                            int expected = processed.getOrDefault(aggregate, 0);
                            if (indexOf.get(e.id()) != expected) {
                                violations.add(aggregate + ": claimed event " + indexOf.get(e.id())
                                        + " while event " + expected + " was not processed");
                            }
                            outNow.remove(aggregate);
                            if (mine.nextInt(4) == 0) {
                                store.markForRetry(e.id(), owner, now, "simulated failure");
                            } else {
                                processed.merge(aggregate, 1, Integer::sum);
                                store.markProcessed(e.id(), owner, now);
                                done.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                f.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), violations, hint);
        assertEquals((long) total, store.counts().get(OutboxState.PROCESSED), hint);
    }

    private static long seed() {
        String value = System.getProperty("voyager.seed", "").trim();
        if (value.isEmpty() || value.startsWith("${")) {
            return new SplittableRandom().nextLong();
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-Dvoyager.seed must be a whole number that fits a Java long, got \""
                    + value + "\"; leave it unset for a random seed", e);
        }
    }
}
