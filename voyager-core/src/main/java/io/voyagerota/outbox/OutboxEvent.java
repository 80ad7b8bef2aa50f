package io.voyagerota.outbox;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One side effect outside the database (delete or restore an artifact, push a device trigger, call a webhook) that
 * was recorded in the same transaction as the change that caused it, and that a relay delivers at least once.
 *
 * <p>Instances are immutable; the {@code with…} methods return the event after one step of its lifecycle and are
 * what stores use to apply the {@link io.voyagerota.spi.OutboxStore} contract. The invariant is that an event holds
 * a lease ({@link #leaseOwner()} and {@link #leaseUntil()} both present) exactly when it is
 * {@link OutboxState#PROCESSING}.
 *
 * <p>The {@code MAX_…} constants are the column sizes a database adapter needs.
 *
 * @param id            unique id, at most {@value #MAX_ID_LENGTH} characters; {@link #pending} uses a random UUID
 * @param type          what to do, such as {@code artifact.delete}: lower-case letters, digits, {@code .} and
 *                      {@code -}, starting with a letter or digit, at most {@value #MAX_TYPE_LENGTH} characters;
 *                      selects the handler
 * @param aggregateId   the object the event concerns (a release id, a device id), at most
 *                      {@value #MAX_AGGREGATE_ID_LENGTH} characters; empty if none
 * @param payload       what the handler needs, typically a small JSON document; opaque to Voyager; at most
 *                      {@value #MAX_PAYLOAD_BYTES} bytes in UTF-8
 * @param state         where the event is in its delivery
 * @param attempts      how many times it was claimed for delivery since it was written or last resubmitted
 * @param createdAt     when it was written; claims take the oldest first
 * @param nextAttemptAt when a {@code PENDING} event becomes due
 * @param leaseOwner    the relay that holds it, present exactly while {@code PROCESSING}
 * @param leaseUntil    when that lease expires, present exactly while {@code PROCESSING}
 * @param lastError     why the latest failed attempt failed, at most {@value #MAX_ERROR_LENGTH} characters; kept
 *                      after a later success or a resubmit so that the history stays visible
 */
public record OutboxEvent(String id, String type, String aggregateId, String payload, OutboxState state,
                          int attempts, Instant createdAt, Instant nextAttemptAt, Optional<String> leaseOwner,
                          Optional<Instant> leaseUntil, Optional<String> lastError) {

    public static final int MAX_ID_LENGTH = 64;
    public static final int MAX_TYPE_LENGTH = 64;
    public static final int MAX_AGGREGATE_ID_LENGTH = 128;
    public static final int MAX_OWNER_LENGTH = 128;
    public static final int MAX_PAYLOAD_BYTES = 16 * 1024;
    public static final int MAX_ERROR_LENGTH = 2000;

    private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9.\\-]*");

    public OutboxEvent {
        requireText(id, "id", MAX_ID_LENGTH);
        requireValidType(type, "type");
        Objects.requireNonNull(aggregateId, "aggregateId must not be null; use \"\" when the event concerns no object");
        if (aggregateId.length() > MAX_AGGREGATE_ID_LENGTH) {
            throw new IllegalArgumentException("aggregateId must be at most " + MAX_AGGREGATE_ID_LENGTH
                    + " characters, got " + aggregateId.length());
        }
        Objects.requireNonNull(payload, "payload must not be null; use \"{}\" when there is nothing to say");
        int bytes = utf8Length(payload);
        if (bytes > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload of outbox event " + id + " is " + bytes
                    + " bytes in UTF-8 but must be at most " + MAX_PAYLOAD_BYTES
                    + "; put large data in the artifact store or registry and reference it by id");
        }
        Objects.requireNonNull(state, "state must not be null");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must be 0 or more, got " + attempts);
        }
        Objects.requireNonNull(createdAt, "createdAt must not be null");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt must not be null");
        Objects.requireNonNull(leaseOwner, "leaseOwner must not be null; use Optional.empty()");
        Objects.requireNonNull(leaseUntil, "leaseUntil must not be null; use Optional.empty()");
        Objects.requireNonNull(lastError, "lastError must not be null; use Optional.empty()");
        leaseOwner.ifPresent(owner -> requireText(owner, "leaseOwner", MAX_OWNER_LENGTH));
        lastError.ifPresent(error -> requireText(error, "lastError", MAX_ERROR_LENGTH));
        boolean leased = state == OutboxState.PROCESSING;
        if (leaseOwner.isPresent() != leased || leaseUntil.isPresent() != leased) {
            throw new IllegalArgumentException("outbox event " + id + " is " + state + " with leaseOwner="
                    + leaseOwner + " and leaseUntil=" + leaseUntil
                    + "; both must be present when PROCESSING and both empty otherwise");
        }
    }

    /** A new {@link OutboxState#PENDING} event with a random UUID id, due at once. */
    public static OutboxEvent pending(String type, String aggregateId, String payload, Instant now) {
        return pending(UUID.randomUUID().toString(), type, aggregateId, payload, now, now);
    }

    /**
     * A new {@link OutboxState#PENDING} event written at {@code now} and due at {@code due}; a given id makes a
     * repeated append of the same event recognisable ({@code OutboxStore.appendIfAbsent}).
     */
    public static OutboxEvent pending(String id, String type, String aggregateId, String payload, Instant now,
                                      Instant due) {
        Objects.requireNonNull(now, "now must not be null");
        return new OutboxEvent(id, type, aggregateId, payload, OutboxState.PENDING, 0, now, due, Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /**
     * Whether a claim at {@code now} may take this event: it is {@code PENDING} and {@code nextAttemptAt <= now}, or
     * it is {@code PROCESSING} and its lease expired ({@code leaseUntil < now}).
     */
    public boolean isClaimableAt(Instant now) {
        return switch (state) {
            case PENDING -> !nextAttemptAt.isAfter(now);
            case PROCESSING -> leaseUntil.orElseThrow().isBefore(now);
            case PROCESSED, FAILED, DISCARDED -> false;
        };
    }

    /** This event claimed by {@code owner}: {@code PROCESSING}, leased until {@code leaseUntil}, one more attempt. */
    public OutboxEvent withClaim(String owner, Instant leaseUntil) {
        return new OutboxEvent(id, type, aggregateId, payload, OutboxState.PROCESSING, Math.addExact(attempts, 1),
                createdAt, nextAttemptAt, Optional.of(owner), Optional.of(leaseUntil), lastError);
    }

    /** This event delivered: {@code PROCESSED}, lease cleared. */
    public OutboxEvent withProcessed() {
        return new OutboxEvent(id, type, aggregateId, payload, OutboxState.PROCESSED, attempts, createdAt,
                nextAttemptAt, Optional.empty(), Optional.empty(), lastError);
    }

    /** This event after a failed attempt: {@code PENDING} again, due at {@code nextAttemptAt}, lease cleared. */
    public OutboxEvent withRetry(Instant nextAttemptAt, String error) {
        return new OutboxEvent(id, type, aggregateId, payload, OutboxState.PENDING, attempts, createdAt,
                nextAttemptAt, Optional.empty(), Optional.empty(), Optional.of(truncateError(error)));
    }

    /** This event given up on: {@code FAILED}, lease cleared. */
    public OutboxEvent withFailed(String error) {
        return new OutboxEvent(id, type, aggregateId, payload, OutboxState.FAILED, attempts, createdAt,
                nextAttemptAt, Optional.empty(), Optional.empty(), Optional.of(truncateError(error)));
    }

    /** This event resubmitted: {@code PENDING}, attempts reset to 0, due at {@code now}; the last error is kept. */
    public OutboxEvent withResubmitted(Instant now) {
        return new OutboxEvent(id, type, aggregateId, payload, OutboxState.PENDING, 0, createdAt, now,
                Optional.empty(), Optional.empty(), lastError);
    }

    /** This event given up on by an operator: {@code DISCARDED}, with {@code note} (who, when, why) as its last error. */
    public OutboxEvent withDiscarded(String note) {
        return new OutboxEvent(id, type, aggregateId, payload, OutboxState.DISCARDED, attempts, createdAt,
                nextAttemptAt, Optional.empty(), Optional.empty(), Optional.of(truncateError(note)));
    }

    /**
     * {@code error} cut to at most {@value #MAX_ERROR_LENGTH} characters (never inside a surrogate pair), so that
     * an exception message of any length fits the column. Stores apply this to the errors they are given.
     */
    public static String truncateError(String error) {
        Objects.requireNonNull(error, "error must not be null");
        if (error.length() <= MAX_ERROR_LENGTH) {
            return error;
        }
        int end = MAX_ERROR_LENGTH;
        if (Character.isHighSurrogate(error.charAt(end - 1))) {
            end--;
        }
        return error.substring(0, end);
    }

    /** Checks a type name against the rules of {@link #type()}; shared with handler registration. */
    static String requireValidType(String type, String what) {
        Objects.requireNonNull(type, what + " must not be null");
        if (type.isEmpty() || type.length() > MAX_TYPE_LENGTH || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException(what + " '" + type + "' is not valid: use 1 to " + MAX_TYPE_LENGTH
                    + " lower-case letters, digits, '.' and '-', starting with a letter or digit, such as"
                    + " 'artifact.delete'");
        }
        return type;
    }

    private static void requireText(String value, String what, int maxLength) {
        Objects.requireNonNull(value, what + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(what + " must be at most " + maxLength + " characters, got "
                    + value.length());
        }
    }

    // Counts without encoding: the constructor runs on every lifecycle step, so it must not allocate a copy.
    private static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3; // a lone surrogate counts as 3 too: an upper bound is enough for a limit
            }
        }
        return bytes;
    }
}
