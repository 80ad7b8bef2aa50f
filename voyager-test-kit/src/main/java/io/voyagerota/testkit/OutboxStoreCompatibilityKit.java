package io.voyagerota.testkit;

import io.voyagerota.ConflictException;
import io.voyagerota.NotFoundException;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.spi.OutboxStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tests every {@link OutboxStore} adapter must pass: one per clause of the SPI contract. Extend it, implement
 * {@link #newStore()}, and run it like any JUnit Jupiter test class.
 *
 * <p>Paging and discarding are in {@link OutboxOperationsCompatibilityKit}.
 *
 * <p>All instants are whole milliseconds, the precision the contract asks adapters to keep.
 */
public abstract class OutboxStoreCompatibilityKit {
    protected static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    protected static final Duration LEASE = Duration.ofSeconds(30);
    private static final String TYPE = "artifact.delete";
    private static final AtomicInteger AGGREGATES = new AtomicInteger();

    protected OutboxStore store;

    /** A fresh, empty store; called before every test. */
    protected abstract OutboxStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    // Each event its own aggregate: these cases are about claims and marks, not the order within an aggregate
    // (OutboxOrderCompatibilityKit), which would hold back every event after the first of one aggregate.
    private static OutboxEvent event(Instant createdAt) {
        return OutboxEvent.pending(TYPE, "release-" + AGGREGATES.incrementAndGet(),
                "{\"artifact\":\"a-1\",\"note\":\"ü\"}", createdAt);
    }

    private OutboxEvent appended(Instant createdAt) {
        OutboxEvent event = event(createdAt);
        store.append(List.of(event));
        return event;
    }

    private OutboxEvent stored(OutboxEvent event) {
        return store.find(event.id()).orElseThrow(() -> new AssertionError("event " + event.id() + " vanished"));
    }

    private static List<String> ids(List<OutboxEvent> events) {
        return events.stream().map(OutboxEvent::id).toList();
    }

    private OutboxEvent claimOne(OutboxEvent expected, String owner, Instant now) {
        List<OutboxEvent> claimed = store.claim(owner, now, LEASE, 1);
        assertEquals(List.of(expected.id()), ids(claimed), owner + " claims " + expected.id());
        return claimed.get(0);
    }

    // ---- append, find, list, counts

    @Test
    void emptyStoreFindsNothingAndCountsZeroInEveryState() {
        assertEquals(Optional.empty(), store.find("no-such-event"));
        assertEquals(Map.of(OutboxState.PENDING, 0L, OutboxState.PROCESSING, 0L, OutboxState.PROCESSED, 0L,
                OutboxState.FAILED, 0L, OutboxState.DISCARDED, 0L), store.counts());
        assertEquals(List.of(), store.list(OutboxState.PENDING, 10));
        assertEquals(List.of(), store.claim("a", T0, LEASE, 10));
    }

    @Test
    void appendedEventIsFoundUnchanged() {
        OutboxEvent event = OutboxEvent.pending(TYPE, "", "", T0);
        OutboxEvent big = OutboxEvent.pending("webhook.call-v2", "x".repeat(OutboxEvent.MAX_AGGREGATE_ID_LENGTH),
                "é".repeat(OutboxEvent.MAX_PAYLOAD_BYTES / 2), T0.plusMillis(1));
        store.append(List.of(event, big));
        assertEquals(event, stored(event));
        assertEquals(big, stored(big), "largest allowed payload and aggregate id round-trip");
        store.append(List.of());
        assertEquals(2L, store.counts().get(OutboxState.PENDING));
    }

    @Test
    void appendIsAllOrNothing() {
        OutboxEvent existing = appended(T0);
        OutboxEvent fresh = event(T0);
        assertThrows(ConflictException.class, () -> store.append(List.of(fresh, existing)), "duplicate of stored");
        assertEquals(Optional.empty(), store.find(fresh.id()), "nothing of a rejected batch is stored");

        assertThrows(ConflictException.class, () -> store.append(List.of(fresh, fresh)), "duplicate in batch");
        assertEquals(Optional.empty(), store.find(fresh.id()));

        OutboxEvent notNew = event(T0).withClaim("x", T0.plus(LEASE));
        assertThrows(IllegalArgumentException.class, () -> store.append(List.of(fresh, notNew)), "not PENDING");
        assertEquals(Optional.empty(), store.find(fresh.id()));
        assertEquals(1L, store.counts().get(OutboxState.PENDING));
    }

    @Test
    void listReturnsOneStateOldestFirstUpToTheLimit() {
        OutboxEvent c = appended(T0.plusMillis(3));
        OutboxEvent a = appended(T0.plusMillis(1));
        OutboxEvent b = appended(T0.plusMillis(2));
        OutboxEvent d = appended(T0.plusMillis(4));
        store.markProcessed(claimOne(a, "w", T0.plusSeconds(1)).id(), "w", T0.plusSeconds(1));

        assertEquals(List.of(b.id(), c.id(), d.id()), ids(store.list(OutboxState.PENDING, 10)));
        assertEquals(List.of(b.id(), c.id()), ids(store.list(OutboxState.PENDING, 2)));
        assertEquals(List.of(a.id()), ids(store.list(OutboxState.PROCESSED, 10)));
        assertEquals(List.of(), ids(store.list(OutboxState.FAILED, 10)));
        assertThrows(IllegalArgumentException.class, () -> store.list(OutboxState.PENDING, 0));
    }

    @Test
    void countsFollowEveryTransition() {
        OutboxEvent processed = appended(T0);
        OutboxEvent failed = appended(T0.plusMillis(1));
        OutboxEvent processing = appended(T0.plusMillis(2));
        appended(T0.plusMillis(3));
        assertEquals(3, store.claim("w", T0.plusSeconds(1), LEASE, 3).size());
        assertTrue(store.markProcessed(processed.id(), "w", T0));
        assertTrue(store.markFailed(failed.id(), "w", "gave up"));

        assertEquals(Map.of(OutboxState.PENDING, 1L, OutboxState.PROCESSING, 1L, OutboxState.PROCESSED, 1L,
                OutboxState.FAILED, 1L, OutboxState.DISCARDED, 0L), store.counts());
        assertEquals(OutboxState.PROCESSING, stored(processing).state());
    }

    // ---- claim

    @Test
    void claimTakesOldestCreatedFirstUpToTheLimit() {
        OutboxEvent third = appended(T0.plusMillis(30));
        OutboxEvent first = appended(T0.plusMillis(10));
        OutboxEvent fourth = appended(T0.plusMillis(40));
        OutboxEvent second = appended(T0.plusMillis(20));
        Instant now = T0.plusSeconds(1);

        assertEquals(List.of(first.id(), second.id()), ids(store.claim("a", now, LEASE, 2)));
        assertEquals(List.of(third.id()), ids(store.claim("b", now, LEASE, 1)));
        assertEquals(List.of(fourth.id()), ids(store.claim("c", now, LEASE, 10)));
        assertEquals(List.of(), store.claim("d", now, LEASE, 10));
    }

    @Test
    void claimSetsProcessingLeaseAndOneMoreAttemptAndChangesNothingElse() {
        OutboxEvent event = appended(T0);
        Instant now = T0.plusSeconds(5);
        OutboxEvent claimed = claimOne(event, "node-a", now);

        assertEquals(event.withClaim("node-a", now.plus(LEASE)), claimed);
        assertEquals(OutboxState.PROCESSING, claimed.state());
        assertEquals(Optional.of("node-a"), claimed.leaseOwner());
        assertEquals(Optional.of(now.plus(LEASE)), claimed.leaseUntil());
        assertEquals(1, claimed.attempts());
        assertEquals(claimed, stored(event), "what claim returns is what is stored");
    }

    @Test
    void claimTakesPendingEventsOnlyOnceDue() {
        OutboxEvent event = appended(T0);
        claimOne(event, "w", T0);
        Instant retryAt = T0.plusSeconds(10);
        assertTrue(store.markForRetry(event.id(), "w", retryAt, "503"));

        assertEquals(List.of(), store.claim("w", retryAt.minusMillis(1), LEASE, 10), "not due yet");
        OutboxEvent again = claimOne(event, "w", retryAt); // due exactly at nextAttemptAt
        assertEquals(2, again.attempts());
        assertTrue(store.markProcessed(event.id(), "w", retryAt));

        OutboxEvent future = appended(T0.plusSeconds(100));
        assertEquals(List.of(), store.claim("w", T0.plusSeconds(99), LEASE, 10), "created later, due later");
        claimOne(future, "w", T0.plusSeconds(100));
    }

    @Test
    void claimedEventIsNotClaimedAgainWhileItsLeaseHolds() {
        OutboxEvent event = appended(T0);
        claimOne(event, "a", T0);
        assertEquals(List.of(), store.claim("b", T0.plusSeconds(1), LEASE, 10));
        assertEquals(List.of(), store.claim("b", T0.plus(LEASE), LEASE, 10), "holds up to leaseUntil inclusive");
        assertEquals(List.of(), store.claim("a", T0.plus(LEASE), LEASE, 10), "not even by its owner");
    }

    @Test
    void expiredLeaseIsReclaimedByAnotherOwnerWhoseLateRivalCannotMarkIt() {
        OutboxEvent event = appended(T0);
        claimOne(event, "crashed", T0);
        Instant later = T0.plus(LEASE).plusMillis(1);
        OutboxEvent reclaimed = claimOne(event, "survivor", later);

        assertEquals(2, reclaimed.attempts());
        assertEquals(Optional.of("survivor"), reclaimed.leaseOwner());
        assertEquals(Optional.of(later.plus(LEASE)), reclaimed.leaseUntil());
        assertFalse(store.markProcessed(event.id(), "crashed", later));
        assertFalse(store.markForRetry(event.id(), "crashed", later, "late"));
        assertFalse(store.markFailed(event.id(), "crashed", "late"));
        assertEquals(reclaimed, stored(event), "the rival's marks changed nothing");
        assertTrue(store.markProcessed(event.id(), "survivor", later));
    }

    @Test
    void expiredLeasesAndDuePendingEventsAreClaimedTogetherOldestFirst() {
        OutboxEvent older = appended(T0);
        OutboxEvent newer = appended(T0.plusMillis(1));
        claimOne(older, "crashed", T0.plusMillis(1));
        Instant later = T0.plus(LEASE).plusSeconds(1);

        assertEquals(List.of(older.id()), ids(store.claim("b", later, LEASE, 1)));
        assertEquals(List.of(newer.id()), ids(store.claim("b", later, LEASE, 1)));
    }

    @Test
    void claimRejectsBadArgumentsAndChangesNothing() {
        OutboxEvent event = appended(T0);
        assertThrows(IllegalArgumentException.class, () -> store.claim("a", T0, LEASE, 0));
        assertThrows(IllegalArgumentException.class, () -> store.claim("a", T0, Duration.ZERO, 1));
        assertThrows(IllegalArgumentException.class, () -> store.claim("a", T0, Duration.ofSeconds(-1), 1));
        assertThrows(IllegalArgumentException.class, () -> store.claim(" ", T0, LEASE, 1));
        assertThrows(NullPointerException.class, () -> store.claim(null, T0, LEASE, 1));
        assertEquals(event, stored(event));
    }

    // ---- mark…

    @Test
    void markProcessedClearsTheLeaseAndKeepsAttemptsAndLastError() {
        OutboxEvent event = appended(T0);
        claimOne(event, "w", T0);
        store.markForRetry(event.id(), "w", T0, "first try failed");
        OutboxEvent claimed = claimOne(event, "w", T0.plusSeconds(1));

        assertTrue(store.markProcessed(event.id(), "w", T0.plusSeconds(2)));
        assertEquals(claimed.withProcessed(), stored(event));
        assertEquals(Optional.of("first try failed"), stored(event).lastError());
        assertFalse(store.markProcessed(event.id(), "w", T0.plusSeconds(3)), "not PROCESSING any more");
    }

    @Test
    void markForRetryMakesItPendingAgainDueLater() {
        OutboxEvent event = appended(T0);
        OutboxEvent claimed = claimOne(event, "w", T0);
        Instant next = T0.plusSeconds(2);
        assertTrue(store.markForRetry(event.id(), "w", next, "java.io.IOException: timeout"));

        OutboxEvent after = stored(event);
        assertEquals(claimed.withRetry(next, "java.io.IOException: timeout"), after);
        assertEquals(OutboxState.PENDING, after.state());
        assertEquals(1, after.attempts());
        assertTrue(after.leaseOwner().isEmpty() && after.leaseUntil().isEmpty());
    }

    @Test
    void markFailedIsFinalUntilResubmitted() {
        OutboxEvent event = appended(T0);
        OutboxEvent claimed = claimOne(event, "w", T0);
        assertTrue(store.markFailed(event.id(), "w", "no handler for artifact.delete"));

        assertEquals(claimed.withFailed("no handler for artifact.delete"), stored(event));
        assertEquals(List.of(), store.claim("w", T0.plus(Duration.ofDays(3650)), LEASE, 10), "never claimed");
        assertFalse(store.markFailed(event.id(), "w", "again"));
    }

    @Test
    void markAppliesOnlyToTheLeaseOwnerOfAProcessingEvent() {
        OutboxEvent pending = appended(T0);
        assertFalse(store.markProcessed(pending.id(), "w", T0), "never claimed");
        assertFalse(store.markForRetry(pending.id(), "w", T0, "x"));
        assertFalse(store.markFailed(pending.id(), "w", "x"));
        assertEquals(pending, stored(pending));

        OutboxEvent claimed = claimOne(pending, "owner", T0);
        assertFalse(store.markProcessed(pending.id(), "intruder", T0));
        assertFalse(store.markForRetry(pending.id(), "intruder", T0, "x"));
        assertFalse(store.markFailed(pending.id(), "intruder", "x"));
        assertEquals(claimed, stored(pending));

        assertFalse(store.markProcessed("no-such-event", "owner", T0), "unknown id");
        assertFalse(store.markForRetry("no-such-event", "owner", T0, "x"));
        assertFalse(store.markFailed("no-such-event", "owner", "x"));
    }

    @Test
    void ownerMayStillMarkAfterItsLeaseExpiredIfNobodyReclaimedIt() {
        OutboxEvent event = appended(T0);
        claimOne(event, "slow", T0);
        assertTrue(store.markProcessed(event.id(), "slow", T0.plus(LEASE).plusSeconds(60)));
        assertEquals(OutboxState.PROCESSED, stored(event).state());
    }

    @Test
    void longErrorsAreTruncatedToTheDocumentedLength() {
        OutboxEvent event = appended(T0);
        claimOne(event, "w", T0);
        String huge = "E".repeat(OutboxEvent.MAX_ERROR_LENGTH * 5);
        assertTrue(store.markFailed(event.id(), "w", huge));
        assertEquals(OutboxEvent.truncateError(huge), stored(event).lastError().orElseThrow());
    }

    // ---- resubmit

    @Test
    void resubmitMakesAFailedEventPendingWithAttemptsResetAndDueNow() {
        OutboxEvent event = appended(T0);
        claimOne(event, "w", T0);
        store.markFailed(event.id(), "w", "endpoint gone");
        Instant now = T0.plusSeconds(600);

        assertTrue(store.resubmit(event.id(), now));
        OutboxEvent after = stored(event);
        assertEquals(OutboxState.PENDING, after.state());
        assertEquals(0, after.attempts());
        assertEquals(now, after.nextAttemptAt());
        assertEquals(Optional.of("endpoint gone"), after.lastError(), "history kept");
        assertEquals(1, claimOne(event, "w", now).attempts());
    }

    @Test
    void resubmitRefusesEventsThatAreNotFailed() {
        OutboxEvent event = appended(T0);
        assertFalse(store.resubmit(event.id(), T0), "PENDING");
        OutboxEvent claimed = claimOne(event, "w", T0);
        assertFalse(store.resubmit(event.id(), T0), "PROCESSING");
        assertEquals(claimed, stored(event));
        store.markProcessed(event.id(), "w", T0);
        assertFalse(store.resubmit(event.id(), T0), "PROCESSED");
        assertEquals(OutboxState.PROCESSED, stored(event).state());
        assertThrows(NotFoundException.class, () -> store.resubmit("no-such-event", T0));
    }

    // ---- concurrency

    @Test
    @Timeout(30)
    void concurrentClaimersNeverReceiveTheSameEvent() throws Exception {
        int events = 400;
        int threads = 4;
        List<OutboxEvent> batch = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            batch.add(event(T0.plusMillis(i % 50)));
        }
        store.append(batch);

        Set<String> seen = ConcurrentHashMap.newKeySet();
        Set<String> duplicates = ConcurrentHashMap.newKeySet();
        AtomicInteger processedByOwner = new AtomicInteger();
        List<Throwable> errors = new ArrayList<>();
        CyclicBarrier start = new CyclicBarrier(threads);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            String owner = "claimer-" + t;
            Thread thread = new Thread(() -> {
                try {
                    start.await(10, TimeUnit.SECONDS);
                    List<OutboxEvent> claimed;
                    int round = 0;
                    while (!(claimed = store.claim(owner, T0.plusSeconds(1), Duration.ofHours(1), 3 + round++ % 5))
                            .isEmpty()) {
                        for (OutboxEvent event : claimed) {
                            if (!seen.add(event.id())) {
                                duplicates.add(event.id());
                            }
                            // Half are finished at once, so claims race with marks too.
                            if (event.id().hashCode() % 2 == 0 && store.markProcessed(event.id(), owner,
                                    T0.plusSeconds(2))) {
                                processedByOwner.incrementAndGet();
                            }
                        }
                    }
                } catch (Throwable e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                } finally {
                    done.countDown();
                }
            }, owner);
            thread.start();
        }
        assertTrue(done.await(25, TimeUnit.SECONDS), "claimers finished");

        assertEquals(List.of(), errors, "claimers threw");
        assertTrue(duplicates.isEmpty(), () -> duplicates.size() + " events were handed to two claimers while their"
                + " lease held, such as " + duplicates.stream().limit(3).toList());
        assertEquals(events, seen.size(), "every event claimed");
        Map<OutboxState, Long> counts = store.counts();
        assertEquals(0L, counts.get(OutboxState.PENDING));
        assertEquals((long) processedByOwner.get(), counts.get(OutboxState.PROCESSED));
        assertEquals((long) events - processedByOwner.get(), counts.get(OutboxState.PROCESSING));
    }
}
