package io.voyagerota.outbox;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static io.voyagerota.outbox.OutboxRelayTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxEventTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private static OutboxEvent event(String id, String type, String aggregateId, String payload, OutboxState state,
                                     int attempts, Optional<String> owner, Optional<Instant> until) {
        return new OutboxEvent(id, type, aggregateId, payload, state, attempts, T0, T0, owner, until,
                Optional.empty());
    }

    private static OutboxEvent pending(String type, String payload) {
        return event("e1", type, "r1", payload, OutboxState.PENDING, 0, Optional.empty(), Optional.empty());
    }

    @Test
    void pendingFactoryMakesANewDueEventWithARandomId() {
        OutboxEvent a = OutboxEvent.pending("artifact.delete", "release-7", "{}", T0);
        OutboxEvent b = OutboxEvent.pending("artifact.delete", "release-7", "{}", T0);
        assertNotEquals(a.id(), b.id());
        assertEquals(36, a.id().length(), "a UUID");
        assertEquals(OutboxState.PENDING, a.state());
        assertEquals(0, a.attempts());
        assertEquals(T0, a.createdAt());
        assertEquals(T0, a.nextAttemptAt());
        assertTrue(a.leaseOwner().isEmpty() && a.leaseUntil().isEmpty() && a.lastError().isEmpty());
        assertTrue(a.isClaimableAt(T0));
        assertFalse(a.isClaimableAt(T0.minusMillis(1)));
    }

    @Test
    void lifecycleCopiesKeepTheLeaseInvariant() {
        OutboxEvent claimed = OutboxEvent.pending("device.trigger", "d1", "{}", T0)
                .withClaim("node-a", T0.plusSeconds(30));
        assertEquals(OutboxState.PROCESSING, claimed.state());
        assertEquals(1, claimed.attempts());
        assertFalse(claimed.isClaimableAt(T0.plusSeconds(30)), "lease holds until its end");
        assertTrue(claimed.isClaimableAt(T0.plusSeconds(30).plusNanos(1)));

        OutboxEvent retry = claimed.withRetry(T0.plusSeconds(5), "boom");
        assertEquals(OutboxState.PENDING, retry.state());
        assertEquals(Optional.of("boom"), retry.lastError());
        assertTrue(retry.leaseOwner().isEmpty());
        assertEquals(1, retry.attempts());

        OutboxEvent failed = retry.withClaim("node-b", T0.plusSeconds(60)).withFailed("x".repeat(5000));
        assertEquals(OutboxState.FAILED, failed.state());
        assertEquals(OutboxEvent.MAX_ERROR_LENGTH, failed.lastError().orElseThrow().length(), "truncated");
        assertFalse(failed.isClaimableAt(T0.plusSeconds(999_999)));

        OutboxEvent resubmitted = failed.withResubmitted(T0.plusSeconds(100));
        assertEquals(0, resubmitted.attempts());
        assertEquals(T0.plusSeconds(100), resubmitted.nextAttemptAt());
        assertEquals(failed.lastError(), resubmitted.lastError(), "history kept");

        OutboxEvent processed = resubmitted.withClaim("node-c", T0.plusSeconds(200)).withProcessed();
        assertEquals(OutboxState.PROCESSED, processed.state());
        assertTrue(processed.leaseUntil().isEmpty());
    }

    @Test
    void truncationNeverSplitsASurrogatePair() {
        String error = "a".repeat(OutboxEvent.MAX_ERROR_LENGTH - 1) + "\uD83D\uDE80tail";
        assertEquals(OutboxEvent.MAX_ERROR_LENGTH - 1, OutboxEvent.truncateError(error).length());
        assertEquals("short", OutboxEvent.truncateError("short"));
    }

    @Test
    void rejectsInvalidFieldsWithMessagesThatSayWhatToFix() {
        assertMessage(IllegalArgumentException.class, "id must not be blank",
                () -> event(" ", "a.b", "r", "{}", OutboxState.PENDING, 0, Optional.empty(), Optional.empty()));
        assertMessage(NullPointerException.class, "id must not be null",
                () -> event(null, "a.b", "r", "{}", OutboxState.PENDING, 0, Optional.empty(), Optional.empty()));
        assertMessage(IllegalArgumentException.class, "type '' is not valid", () -> pending("", "{}"));
        assertMessage(IllegalArgumentException.class, "type 'Artifact.Delete' is not valid: use 1 to 64 lower-case",
                () -> pending("Artifact.Delete", "{}"));
        assertMessage(IllegalArgumentException.class, "type '.hidden' is not valid", () -> pending(".hidden", "{}"));
        assertMessage(IllegalArgumentException.class, "type 'a b' is not valid", () -> pending("a b", "{}"));
        pending("a".repeat(64), "{}");
        assertMessage(IllegalArgumentException.class, "is not valid", () -> pending("a".repeat(65), "{}"));
        assertMessage(NullPointerException.class, "aggregateId must not be null; use \"\"",
                () -> event("e", "a", null, "{}", OutboxState.PENDING, 0, Optional.empty(), Optional.empty()));
        assertMessage(NullPointerException.class, "payload must not be null", () -> pending("a", null));

        pending("a", "x".repeat(OutboxEvent.MAX_PAYLOAD_BYTES));
        assertMessage(IllegalArgumentException.class, "is 16385 bytes in UTF-8 but must be at most 16384",
                () -> pending("a", "x".repeat(OutboxEvent.MAX_PAYLOAD_BYTES + 1)));
        // 'é' is 2 bytes in UTF-8 and the rocket 4, so a payload can be over the limit in bytes but not in chars.
        assertMessage(IllegalArgumentException.class, "is 16386 bytes",
                () -> pending("a", "é".repeat(8193)));
        assertMessage(IllegalArgumentException.class, "is 16388 bytes",
                () -> pending("a", "\uD83D\uDE80".repeat(4097)));

        assertMessage(IllegalArgumentException.class, "attempts must be 0 or more, got -1",
                () -> event("e", "a", "r", "{}", OutboxState.PENDING, -1, Optional.empty(), Optional.empty()));
        assertMessage(IllegalArgumentException.class, "both must be present when PROCESSING",
                () -> event("e", "a", "r", "{}", OutboxState.PROCESSING, 1, Optional.empty(), Optional.empty()));
        assertMessage(IllegalArgumentException.class, "both empty otherwise",
                () -> event("e", "a", "r", "{}", OutboxState.PENDING, 0, Optional.of("n"), Optional.of(T0)));
        assertMessage(IllegalArgumentException.class, "both must be present",
                () -> event("e", "a", "r", "{}", OutboxState.PROCESSING, 1, Optional.of("n"), Optional.empty()));
        assertMessage(NullPointerException.class, "leaseOwner must not be null; use Optional.empty()",
                () -> event("e", "a", "r", "{}", OutboxState.PENDING, 0, null, Optional.empty()));
        assertMessage(IllegalArgumentException.class, "leaseOwner must not be blank",
                () -> event("e", "a", "r", "{}", OutboxState.PROCESSING, 1, Optional.of(""), Optional.of(T0)));
    }
}
