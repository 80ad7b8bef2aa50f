package io.voyagerota.testkit;

import io.voyagerota.NotFoundException;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.spi.OutboxStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's side of the {@link OutboxStore} contract, which every adapter must pass besides
 * {@link OutboxStoreCompatibilityKit}: listing page by page and discarding FAILED events.
 */
public abstract class OutboxOperationsCompatibilityKit {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final AtomicInteger AGGREGATES = new AtomicInteger();

    protected OutboxStore store;

    /** A fresh, empty store; called before every test. */
    protected abstract OutboxStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    private OutboxEvent appended(Instant createdAt) {
        // Each event its own aggregate, so that none waits for an earlier one (OutboxOrderCompatibilityKit).
        OutboxEvent event = OutboxEvent.pending("artifact.delete", "release-" + AGGREGATES.incrementAndGet(), "{}",
                createdAt);
        store.append(List.of(event));
        return event;
    }

    private OutboxEvent failed(Instant createdAt) {
        OutboxEvent event = appended(createdAt);
        List<OutboxEvent> claimed = store.claim("relay-a", createdAt.plusSeconds(3600), LEASE, 1);
        assertEquals(List.of(event.id()), claimed.stream().map(OutboxEvent::id).toList());
        assertTrue(store.markFailed(event.id(), "relay-a", "storage is down"));
        return store.find(event.id()).orElseThrow();
    }

    private static List<String> ids(List<OutboxEvent> events) {
        return events.stream().map(OutboxEvent::id).toList();
    }

    @Test
    void listPagesFollowTheOrderAfterTheCursor() {
        OutboxEvent a = appended(T0.plusMillis(1));
        OutboxEvent b = appended(T0.plusMillis(2));
        OutboxEvent c = appended(T0.plusMillis(2)); // a tie, broken by the adapter's stable order
        OutboxEvent d = appended(T0.plusMillis(3));
        List<String> all = ids(store.list(OutboxState.PENDING, "", 10));
        assertEquals(List.of(a.id(), b.id(), c.id(), d.id()), all);
        assertEquals(all.subList(0, 2), ids(store.list(OutboxState.PENDING, "", 2)));
        assertEquals(all.subList(2, 4), ids(store.list(OutboxState.PENDING, all.get(1), 2)));
        assertEquals(List.of(), ids(store.list(OutboxState.PENDING, all.get(3), 2)));
        assertThrows(NotFoundException.class, () -> store.list(OutboxState.PENDING, "no-such-event", 2));
    }

    @Test
    void theCursorMayHaveChangedState() {
        OutboxEvent a = failed(T0.plusMillis(1));
        OutboxEvent b = appended(T0.plusMillis(2));
        assertEquals(List.of(b.id()), ids(store.list(OutboxState.PENDING, a.id(), 10)));
        assertEquals(List.of(a.id()), ids(store.list(OutboxState.FAILED, "", 10)));
    }

    @Test
    void discardRecordsTheNoteAndKeepsTheEvent() {
        OutboxEvent event = failed(T0);
        assertTrue(store.discard(event.id(), "discarded by ops: the release is gone"));
        OutboxEvent after = store.find(event.id()).orElseThrow();
        assertEquals(OutboxState.DISCARDED, after.state());
        assertEquals("discarded by ops: the release is gone", after.lastError().orElseThrow());
        assertEquals(event.attempts(), after.attempts());
        assertEquals(List.of(event.id()), ids(store.list(OutboxState.DISCARDED, "", 10)));
        assertEquals(1L, store.counts().get(OutboxState.DISCARDED));
        assertEquals(0L, store.counts().get(OutboxState.FAILED));
        assertFalse(store.discard(event.id(), "again"), "a DISCARDED event is final");
        assertFalse(store.resubmit(event.id(), T0), "and cannot be resubmitted");
        assertEquals(List.of(), store.claim("relay-b", T0.plusSeconds(86_400), LEASE, 10));
    }

    @Test
    void onlyFailedEventsAreDiscarded() {
        OutboxEvent pending = appended(T0);
        assertFalse(store.discard(pending.id(), "not yet"));
        assertEquals(OutboxState.PENDING, store.find(pending.id()).orElseThrow().state());
        assertThrows(NotFoundException.class, () -> store.discard("no-such-event", "note"));
    }
}
