package io.voyagerota.outbox;

import io.voyagerota.event.OutboxDeliveryFailed;
import io.voyagerota.event.VoyagerEvent;
import io.voyagerota.memory.InMemoryOutboxStore;
import io.voyagerota.testing.MutableClock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxRelayTest {
    private static final String DELETE = "artifact.delete";
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final MutableClock clock = MutableClock.create();
    private final InMemoryOutboxStore store = new InMemoryOutboxStore();
    private final List<VoyagerEvent> published = new CopyOnWriteArrayList<>();
    private int appended;

    private OutboxRelay.Builder relay(OutboxHandler handler) {
        return OutboxRelay.builder(store).handler(DELETE, handler).clock(clock).lease(LEASE)
                .listener(published::add).random(new SplittableRandom(42));
    }

    // Each event its own aggregate: these cases are about batches and retries, not the order within an aggregate.
    private OutboxEvent append(String type) {
        OutboxEvent event = OutboxEvent.pending(type, "release-" + (++appended), "{\"artifact\":\"a1\"}",
                clock.instant());
        store.append(List.of(event));
        return event;
    }

    private OutboxEvent stored(OutboxEvent event) {
        return store.find(event.id()).orElseThrow();
    }

    @Test
    void deliversEachEventOnceOnTheHappyPath() {
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        OutboxRelay relay = relay(e -> deliveries.computeIfAbsent(e.id(), id -> new AtomicInteger()).incrementAndGet())
                .batchSize(4).build();
        List<OutboxEvent> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(append(DELETE));
        }

        assertEquals(10, relay.runUntilIdle(100));
        assertEquals(0, relay.runOnce(), "nothing left to do");

        for (OutboxEvent event : events) {
            assertEquals(1, deliveries.get(event.id()).get(), "deliveries of " + event.id());
            OutboxEvent after = stored(event);
            assertEquals(OutboxState.PROCESSED, after.state());
            assertEquals(1, after.attempts());
            assertTrue(after.leaseOwner().isEmpty() && after.leaseUntil().isEmpty(), "lease cleared");
        }
        assertEquals(10L, store.counts().get(OutboxState.PROCESSED));
        assertTrue(published.isEmpty(), "no alerts on success");
    }

    @Test
    @Tag("security") // security suite row 16
    void failingHandlerIsRetriedWithJitteredExponentialBackoff() {
        OutboxRelay relay = relay(e -> { throw new IOException("storage unreachable"); }).build();
        OutboxEvent event = append(DELETE);
        RetryPolicy policy = RetryPolicy.defaults();

        for (int attempt = 1; attempt <= 3; attempt++) {
            Instant failedAt = clock.instant();
            assertEquals(1, relay.runOnce(), "attempt " + attempt);
            OutboxEvent after = stored(event);
            assertEquals(OutboxState.PENDING, after.state());
            assertEquals(attempt, after.attempts());
            assertEquals("java.io.IOException: storage unreachable", after.lastError().orElseThrow());

            long base = policy.initialBackoff().toMillis() << (attempt - 1); // 1 s, 2 s, 4 s
            Duration delay = Duration.between(failedAt, after.nextAttemptAt());
            assertTrue(delay.toMillis() >= base / 2 && delay.toMillis() <= base,
                    "attempt " + attempt + ": delay " + delay + " must lie in [" + base / 2 + ", " + base + "] ms");

            clock.set(after.nextAttemptAt().minusMillis(1));
            assertEquals(0, relay.runOnce(), "not due yet before nextAttemptAt");
            clock.set(after.nextAttemptAt());
        }
        assertTrue(published.isEmpty(), "no alert before maxAttempts");
    }

    @Test
    @Tag("security") // security suite row 16
    void afterMaxAttemptsTheEventIsFailedWithExactlyOneAlertAndResubmitDeliversIt() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger healthyFrom = new AtomicInteger(Integer.MAX_VALUE);
        OutboxRelay relay = relay(e -> {
            if (calls.incrementAndGet() < healthyFrom.get()) {
                throw new IllegalStateException("webhook answered 503");
            }
        }).retryPolicy(RetryPolicy.defaults().withMaxAttempts(3)).build();
        OutboxEvent event = append(DELETE);

        for (int round = 0; round < 10; round++) {
            relay.runOnce();
            clock.advance(Duration.ofMinutes(5)); // past any backoff
        }

        OutboxEvent failed = stored(event);
        assertEquals(OutboxState.FAILED, failed.state());
        assertEquals(3, failed.attempts());
        assertEquals(3, calls.get(), "no attempt after FAILED");
        assertEquals(1, published.size(), "exactly one alert");
        OutboxDeliveryFailed alert = (OutboxDeliveryFailed) published.get(0);
        assertEquals(event.id(), alert.eventId());
        assertEquals(DELETE, alert.type());
        assertEquals(3, alert.attempts());
        assertEquals("java.lang.IllegalStateException: webhook answered 503", alert.lastError());
        assertTrue(alert.summary().contains("resubmit"), alert.summary());

        healthyFrom.set(0);
        assertTrue(store.resubmit(event.id(), clock.instant()));
        assertEquals(1, relay.runOnce());
        OutboxEvent delivered = stored(event);
        assertEquals(OutboxState.PROCESSED, delivered.state());
        assertEquals(1, delivered.attempts(), "attempts restart after resubmit");
        assertEquals(1, published.size(), "no new alert");
    }

    @Test
    @Tag("security") // security suite row 15
    void crashedWorkersEventsAreReclaimedAfterTheLeaseAndItsLateMarkIsRefused() {
        OutboxEvent first = append(DELETE);
        OutboxEvent second = append(DELETE);
        // The crashed worker claims and never marks anything.
        List<OutboxEvent> taken = store.claim("crashed-node", clock.instant(), LEASE, 10);
        assertEquals(2, taken.size());

        List<String> delivered = new CopyOnWriteArrayList<>();
        OutboxRelay survivor = relay(e -> delivered.add(e.id())).owner("survivor").build();
        assertEquals(0, survivor.runOnce(), "the lease still holds");

        clock.advance(LEASE);
        assertEquals(0, survivor.runOnce(), "a lease that ends exactly now still holds");

        clock.advance(Duration.ofMillis(1));
        assertEquals(2, survivor.runOnce());
        assertEquals(List.of(first.id(), second.id()), delivered, "oldest first");
        assertEquals(2, stored(first).attempts(), "the crashed claim counted as an attempt");
        assertEquals(OutboxState.PROCESSED, stored(second).state());

        assertFalse(store.markProcessed(first.id(), "crashed-node", clock.instant()), "late mark is refused");
        assertFalse(store.markFailed(second.id(), "crashed-node", "late"), "late mark is refused");
        assertEquals(OutboxState.PROCESSED, stored(first).state());
    }

    @Test
    @Tag("security") // security suite row 16
    void eventClaimedMoreTimesThanAllowedIsFailedWithoutRunningTheHandler() {
        OutboxEvent poison = append(DELETE);
        for (int i = 0; i < 2; i++) { // two workers died while handling it
            store.claim("dead-" + i, clock.instant(), LEASE, 1);
            clock.advance(LEASE.plusMillis(1));
        }
        AtomicInteger calls = new AtomicInteger();
        OutboxRelay relay = relay(e -> calls.incrementAndGet())
                .retryPolicy(RetryPolicy.defaults().withMaxAttempts(2)).build();

        assertEquals(1, relay.runOnce());
        assertEquals(0, calls.get());
        OutboxEvent after = stored(poison);
        assertEquals(OutboxState.FAILED, after.state());
        assertTrue(after.lastError().orElseThrow().contains("never finished"), after.lastError().orElseThrow());
        assertEquals(1, published.size());
    }

    @Test
    void unknownTypeIsFailedAtOnceNamingTheRegisteredTypes() {
        OutboxRelay relay = relay(e -> { }).handler("device.trigger", e -> { }).build();
        OutboxEvent event = append("webhook.call");

        assertEquals(1, relay.runOnce());

        OutboxEvent after = stored(event);
        assertEquals(OutboxState.FAILED, after.state());
        assertEquals(1, after.attempts());
        String error = after.lastError().orElseThrow();
        assertTrue(error.contains("'webhook.call'"), error);
        assertTrue(error.contains("[artifact.delete, device.trigger]"), error);
        assertEquals(1, published.size());
        assertEquals(error, ((OutboxDeliveryFailed) published.get(0)).lastError());
    }

    @Test
    void handlerErrorsAndThrowingListenersNeverEscapeRunOnce() {
        OutboxRelay relay = OutboxRelay.builder(store).clock(clock)
                .handler(DELETE, e -> { throw new AssertionError("bug in handler"); })
                .handler("device.trigger", e -> { throw new StackOverflowError(); })
                .retryPolicy(RetryPolicy.defaults().withMaxAttempts(1))
                .listener(e -> { throw new IllegalStateException("listener bug"); })
                .build();
        OutboxEvent a = append(DELETE);
        OutboxEvent b = append("device.trigger");

        assertEquals(2, relay.runOnce());

        assertEquals(OutboxState.FAILED, stored(a).state());
        assertEquals("java.lang.AssertionError: bug in handler", stored(a).lastError().orElseThrow());
        assertEquals("java.lang.StackOverflowError", stored(b).lastError().orElseThrow());
    }

    @Test
    void lostLeaseIsLoggedAndTheBatchGoesOn() {
        OutboxEvent first = append(DELETE);
        OutboxEvent second = append(DELETE);
        List<String> delivered = new ArrayList<>();
        OutboxRelay slow = relay(e -> {
            delivered.add(e.id());
            if (e.id().equals(first.id())) {
                clock.advance(LEASE.plusSeconds(1)); // overran the lease while handling
                assertEquals(2, store.claim("thief", clock.instant(), LEASE, 10).size());
            }
        }).owner("slow").build();

        assertEquals(2, slow.runOnce());

        assertEquals(List.of(first.id(), second.id()), delivered);
        assertEquals(OutboxState.PROCESSING, stored(first).state());
        assertEquals("thief", stored(first).leaseOwner().orElseThrow());
        assertEquals("thief", stored(second).leaseOwner().orElseThrow());
    }

    @Test
    void interruptHandsTheRestOfTheBatchBack() throws Exception {
        OutboxEvent first = append(DELETE);
        OutboxEvent second = append(DELETE);
        OutboxRelay relay = relay(e -> { throw new InterruptedException("shutting down"); }).build();

        AtomicInteger handled = new AtomicInteger(-1);
        Thread worker = new Thread(() -> handled.set(relay.runOnce()));
        worker.start();
        worker.join();

        assertEquals(1, handled.get(), "the interrupted event was attempted, the second one was not");
        for (OutboxEvent event : List.of(first, second)) {
            OutboxEvent after = stored(event);
            assertEquals(OutboxState.PENDING, after.state());
            assertEquals(clock.instant(), after.nextAttemptAt(), "due again at once");
        }
    }

    @Test
    void builderRejectsBadConfigurationWithMessagesThatSayWhatToFix() {
        assertThrows(NullPointerException.class, () -> OutboxRelay.builder(null));
        OutboxRelay.Builder builder = OutboxRelay.builder(store);
        assertMessage(IllegalStateException.class, "no handler is registered", builder::build);
        assertMessage(IllegalArgumentException.class, "'Artifact.Delete' is not valid",
                () -> builder.handler("Artifact.Delete", e -> { }));
        builder.handler(DELETE, e -> { });
        assertMessage(IllegalArgumentException.class, "already registered", () -> builder.handler(DELETE, e -> { }));
        assertMessage(IllegalArgumentException.class, "lease must be at least 1 ms",
                () -> builder.lease(Duration.ZERO));
        assertMessage(IllegalArgumentException.class, "batchSize must be between 1 and 1000",
                () -> builder.batchSize(0));
        assertMessage(IllegalArgumentException.class, "owner must be 1 to 128", () -> builder.owner(" "));
        assertThrows(NullPointerException.class, () -> builder.clock(null));
        OutboxRelay relay = builder.build();
        assertTrue(relay.owner().startsWith("relay-"), relay.owner());
        assertMessage(IllegalArgumentException.class, "maxRounds must be at least 1", () -> relay.runUntilIdle(0));
    }

    static void assertMessage(Class<? extends Throwable> type, String fragment, Runnable action) {
        Throwable thrown = assertThrows(type, action::run);
        assertTrue(thrown.getMessage().contains(fragment), "message '" + thrown.getMessage() + "' lacks '"
                + fragment + "'");
    }
}
