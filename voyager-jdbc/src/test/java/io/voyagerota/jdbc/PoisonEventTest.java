package io.voyagerota.jdbc;

import io.voyagerota.Voyager;
import io.voyagerota.event.Alert;
import io.voyagerota.event.OutboxDeliveryFailed;
import io.voyagerota.event.VoyagerEvent;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.outbox.RetryPolicy;
import io.voyagerota.testing.MutableClock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Security suite row 16, the whole path on a Voyager over a real database: a poison event (one whose handler fails
 * every time) is retried with a growing, jittered backoff and never before it is due, never blocks the events
 * behind it, goes FAILED after its last attempt with exactly one {@link OutboxDeliveryFailed} alert to the
 * listeners and one WARN line, stays FAILED (its side effect never happened), is listed for the operator, and once
 * the cause is fixed a resubmit delivers it exactly once.
 */
@Tag("security")
abstract class PoisonEventTest extends DatabaseTest {
    private static final String TYPE = "webhook.notify";

    @Test
    void aPoisonEventBacksOffGoesFailedWithOneAlertAndIsDeliveredOnceAfterAResubmit() {
        MutableClock clock = MutableClock.create();
        List<VoyagerEvent> heard = new CopyOnWriteArrayList<>();
        List<String> delivered = new CopyOnWriteArrayList<>();
        AtomicBoolean fixed = new AtomicBoolean();
        Voyager voyager = Voyager.inMemory().registry(registry).clock(clock).listener(heard::add)
                .outboxHandler(TYPE, e -> {
                    if (e.payload().contains("poison") && !fixed.get()) {
                        throw new IllegalStateException("the webhook answered 500 to " + e.aggregateId());
                    }
                    delivered.add(e.aggregateId());
                }).build();
        OutboxEvent poison = OutboxEvent.pending(TYPE, "order-poison", "{\"kind\":\"poison\"}", clock.instant());
        OutboxEvent good = OutboxEvent.pending(TYPE, "order-good", "{\"kind\":\"fine\"}", clock.instant());
        registry.outbox().append(List.of(poison, good));

        RetryPolicy policy = RetryPolicy.defaults();
        String log = "";
        for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
            boolean last = attempt == policy.maxAttempts();
            Instant failedAt = clock.instant();
            if (last) {
                log = capturingStderr(() -> assertEquals(1, voyager.relayOutbox()));
            } else {
                assertEquals(attempt == 1 ? 2 : 1, voyager.relayOutbox(), "attempt " + attempt);
            }
            OutboxEvent after = registry.outbox().find(poison.id()).orElseThrow();
            assertEquals(attempt, after.attempts());
            assertEquals("java.lang.IllegalStateException: the webhook answered 500 to order-poison",
                    after.lastError().orElseThrow());
            if (last) {
                assertEquals(OutboxState.FAILED, after.state());
                break;
            }
            assertEquals(OutboxState.PENDING, after.state());
            long base = Math.min(policy.maxBackoff().toMillis(), policy.initialBackoff().toMillis() << (attempt - 1));
            long delay = Duration.between(failedAt, after.nextAttemptAt()).toMillis();
            assertTrue(delay >= base / 2 && delay <= base, "attempt " + attempt + ": backoff " + delay + " ms, not"
                    + " within [" + base / 2 + ", " + base + "]");
            assertTrue(heard.stream().noneMatch(Alert.class::isInstance), "no alert before the last attempt");
            clock.set(after.nextAttemptAt().minusMillis(1));
            assertEquals(0, voyager.relayOutbox(), "never retried before it is due");
            clock.set(after.nextAttemptAt());
        }
        assertEquals(List.of("order-good"), delivered, "the good event went through at once; the poison never did");
        assertEquals(OutboxState.PROCESSED, registry.outbox().find(good.id()).orElseThrow().state());

        List<OutboxDeliveryFailed> alerts = heard.stream().filter(OutboxDeliveryFailed.class::isInstance)
                .map(OutboxDeliveryFailed.class::cast).toList();
        assertEquals(1, alerts.size(), "exactly one alert: " + heard);
        assertEquals(poison.id(), alerts.get(0).eventId());
        assertEquals(policy.maxAttempts(), alerts.get(0).attempts());
        assertTrue(alerts.get(0).summary().contains(poison.id()) && alerts.get(0).summary().contains("resubmit"),
                alerts.get(0).summary());
        List<String> warnings = log.lines().filter(l -> l.contains("WARN") && l.contains("is now FAILED")).toList();
        assertEquals(1, warnings.size(), "one line an operator sees: " + log);
        assertTrue(warnings.get(0).contains(poison.id()) && warnings.get(0).contains(TYPE), warnings.get(0));

        clock.advance(Duration.ofDays(1));
        assertEquals(0, voyager.relayOutbox(), "FAILED is final until resubmitted");
        assertEquals(List.of(poison.id()), registry.outbox().list(OutboxState.FAILED, 10).stream()
                .map(OutboxEvent::id).toList(), "the operator finds it");

        fixed.set(true);
        assertTrue(registry.outbox().resubmit(poison.id(), clock.instant()));
        assertEquals(1, voyager.relayOutbox());
        OutboxEvent done = registry.outbox().find(poison.id()).orElseThrow();
        assertEquals(OutboxState.PROCESSED, done.state());
        assertEquals(1, done.attempts(), "attempts start again after a resubmit");
        assertEquals(List.of("order-good", "order-poison"), delivered, "delivered exactly once");
        assertEquals(0L, registry.outbox().counts().get(OutboxState.FAILED));
        assertEquals(1, heard.stream().filter(Alert.class::isInstance).count(), "no second alert");
        voyager.close();
    }

    private static String capturingStderr(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        String captured = buffer.toString(StandardCharsets.UTF_8);
        original.print(captured);
        return captured;
    }
}
