package io.voyagerota.spi;

import io.voyagerota.ConflictException;
import io.voyagerota.outbox.ClaimFilter;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxState;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Durable storage of {@link OutboxEvent}s, shared by every relay of a deployment. Adapters (in memory, JDBC) must
 * pass {@code io.voyagerota.testkit.OutboxStoreCompatibilityKit}.
 *
 * <p><b>Contract.</b> Implementations are safe for concurrent use by several threads and, when the storage is
 * shared, by several processes; every method is atomic. Instants passed in are stored with at least millisecond
 * precision. Errors passed to {@code mark…} are stored through {@link OutboxEvent#truncateError(String)}. Argument
 * errors (null, blank owner, {@code limit < 1}, non-positive lease) throw {@link IllegalArgumentException} or
 * {@link NullPointerException} and change nothing.
 *
 * <p>The state machine, and who moves along each edge:
 * <pre>
 *   append ──► PENDING ──claim──► PROCESSING ──markProcessed──► PROCESSED
 *                 ▲                 │    │
 *                 ├──markForRetry───┘    └──markFailed──► FAILED
 *                 └─────────────resubmit────────────────────┤
 *                                                  FAILED ──discard──► DISCARDED
 *   PROCESSING with an expired lease ──claim──► PROCESSING (new owner, attempts + 1)
 * </pre>
 */
public interface OutboxStore {

    /**
     * Stores new events, all or none: if any event is not {@link OutboxState#PENDING}
     * ({@link IllegalArgumentException}) or has an id that is already stored or repeated in the list
     * ({@link io.voyagerota.ConflictException}), nothing is stored. An empty list does nothing.
     *
     * <p>This is for events that are not tied to another change. A registry that changes its own state writes its
     * events inside its own transaction instead (for JDBC: the same {@code Connection} and transaction).
     */
    void append(List<OutboxEvent> events);

    /**
     * Stores those of {@code events} whose ids are not stored yet and skips the others, without an error: for
     * events with deterministic ids (the chunks of a fan-out, derived from the id of the event that asked for it),
     * so that a redelivered or concurrently delivered parent adds nothing twice. Checked like {@link #append}
     * (all {@code PENDING}, no id repeated in the list); the events it stores, it stores all or none. An event
     * whose id is stored is skipped whatever its content.
     *
     * <p>The default reads {@link #find} for each id, then {@link #append}s the missing ones, and reads again when
     * a concurrent writer got there first; adapters may do it in one transaction.
     *
     * @return how many events were stored
     */
    default int appendIfAbsent(List<OutboxEvent> events) {
        Objects.requireNonNull(events, "events must not be null");
        List<OutboxEvent> copy = List.copyOf(events);
        if (copy.stream().map(OutboxEvent::id).distinct().count() != copy.size()) {
            throw new ConflictException("an id is repeated in the events to append; give every event its own id");
        }
        while (true) {
            List<OutboxEvent> missing = copy.stream().filter(e -> find(e.id()).isEmpty()).toList();
            try {
                append(missing);
                return missing.size();
            } catch (ConflictException raced) {
                // Another writer stored some of them since the reads; read again and store the rest.
            }
        }
    }

    /** {@link #claim(String, Instant, Duration, int, ClaimFilter)} of every type. */
    default List<OutboxEvent> claim(String owner, Instant now, Duration lease, int limit) {
        return claim(owner, now, lease, limit, ClaimFilter.all());
    }

    /**
     * Atomically takes up to {@code limit} events of the types {@code filter} accepts for delivery by
     * {@code owner} and returns them as updated.
     *
     * <p>Claimable are events that are {@code PENDING} with {@code nextAttemptAt <= now}, and events that are
     * {@code PROCESSING} with {@code leaseUntil < now} (the lease of a crashed or stalled worker expired), provided
     * no earlier event of the same non-empty {@link OutboxEvent#aggregateId()} is {@code PENDING} or
     * {@code PROCESSING} (whatever its type, and whether or not it is due). {@code FAILED}, {@code DISCARDED} and
     * {@code PROCESSED} events do not hold back later ones. "Earlier" is the order in which the store appended the
     * events (a monotonic sequence the adapter assigns; never {@code createdAt}, since the clocks of nodes differ).
     * So the events of one aggregate (an artifact, a release, a device) are delivered one at a time and in the
     * order they were appended, across relays and retries: a delete that failed and waits for its retry holds
     * back the restore appended after it. A registry serializes the commits that touch one aggregate (JDBC: the
     * product row lock taken by every catalog commit), so append order is commit order for each aggregate; events
     * of one aggregate appended by transactions that nothing serializes have no defined order. Events of
     * different aggregates, and events with an empty aggregate id, are claimed independently and in parallel.
     *
     * <p>Of the claimable events, the oldest {@code createdAt} are taken first (ties in a stable order of the
     * adapter's choosing) and each becomes {@code PROCESSING} with {@code leaseOwner = owner},
     * {@code leaseUntil = now + lease} and {@code attempts + 1}; nothing else changes. Two concurrent claimers
     * never receive the same event while its lease holds, nor two events of one aggregate (JDBC:
     * {@code SELECT … FOR UPDATE SKIP LOCKED} then {@code UPDATE} in one transaction).
     *
     * @param owner  identifies the claiming relay; unique per relay instance, at most
     *               {@value OutboxEvent#MAX_OWNER_LENGTH} characters
     * @param lease  how long the owner may take to deliver the whole batch before others may reclaim it; positive
     * @param limit  the most events to return; at least 1
     * @param filter which types to take; {@link ClaimFilter#all()} for every type
     * @return the claimed events, oldest first; empty when nothing is claimable
     */
    List<OutboxEvent> claim(String owner, Instant now, Duration lease, int limit, ClaimFilter filter);

    /**
     * The handler succeeded: {@code PROCESSING} → {@code PROCESSED}, lease cleared; attempts and last error kept.
     * Applies only while the event is {@code PROCESSING} with {@code leaseOwner = owner}, even if the lease has
     * expired in the meantime but nobody reclaimed it.
     *
     * @param now when delivery completed; an adapter may record it (say, to purge old rows), it does not decide
     *            whether the mark applies
     * @return true if applied; false if the event is unknown or the lease was lost (another owner holds it now, or
     *         it is no longer {@code PROCESSING}), in which case nothing changed
     */
    boolean markProcessed(String id, String owner, Instant now);

    /**
     * A delivery attempt failed and may be retried: {@code PROCESSING} → {@code PENDING}, due at
     * {@code nextAttemptAt}, {@code lastError = error}, lease cleared, attempts kept. Same ownership rule and
     * result as {@link #markProcessed}.
     */
    boolean markForRetry(String id, String owner, Instant nextAttemptAt, String error);

    /**
     * The event is given up on: {@code PROCESSING} → {@code FAILED}, {@code lastError = error}, lease cleared,
     * attempts kept. Same ownership rule and result as {@link #markProcessed}.
     */
    boolean markFailed(String id, String owner, String error);

    /**
     * The operator fixed the cause: {@code FAILED} → {@code PENDING} with attempts reset to 0 and
     * {@code nextAttemptAt = now}; the last error is kept.
     *
     * @return true if applied; false if the event is not {@code FAILED} (nothing changed)
     * @throws io.voyagerota.NotFoundException if no event has this id
     */
    boolean resubmit(String id, Instant now);

    /**
     * The operator gave up on the event: {@code FAILED} → {@code DISCARDED}, {@code lastError = note} (truncated as
     * errors are), attempts kept. The row stays, as the record of the decision.
     *
     * @return true if applied; false if the event is not {@code FAILED} (nothing changed)
     * @throws io.voyagerota.NotFoundException if no event has this id
     */
    boolean discard(String id, String note);

    /** The event with this id, or empty if there is none. */
    Optional<OutboxEvent> find(String id);

    /** Up to {@code limit} ({@code >= 1}) events in {@code state}, oldest {@code createdAt} first. */
    default List<OutboxEvent> list(OutboxState state, int limit) {
        return list(state, "", limit);
    }

    /**
     * One page of {@link #list(OutboxState, int)}: the events in {@code state} that come after the event
     * {@code afterId} in its order (oldest {@code createdAt} first, ties in the adapter's stable order), whatever
     * state that event is in now.
     *
     * @param afterId the last id of the previous page; {@code ""} for the first page
     * @throws io.voyagerota.NotFoundException if {@code afterId} is not empty and no event has it
     */
    List<OutboxEvent> list(OutboxState state, String afterId, int limit);

    /** How many events are in each state; every {@link OutboxState} is a key, with 0 when none is in it. */
    Map<OutboxState, Long> counts();
}
