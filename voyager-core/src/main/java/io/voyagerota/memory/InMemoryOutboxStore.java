package io.voyagerota.memory;

import io.voyagerota.ConflictException;
import io.voyagerota.NotFoundException;
import io.voyagerota.outbox.ClaimFilter;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.spi.OutboxStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * An {@link OutboxStore} in memory, for tests and for single-process use without a database. Thread-safe: every
 * operation holds one lock. Events are kept in insertion order, which is the append sequence that orders the events
 * of one aggregate (see {@link OutboxStore#claim(String, Instant, Duration, int, ClaimFilter)}) and breaks ties
 * between equal {@code createdAt}. Processed events are kept (they are the visible history), so memory grows with
 * the number of events written.
 *
 * <p>An in-memory registry gets "same transaction" semantics by running its change and its {@link #append} inside
 * {@link #atomically(Supplier)}: append first (it validates everything before storing anything, so a rejected
 * batch leaves no trace), then apply its own change, which must not fail after its own validation. No relay can
 * claim the events before the work returns.
 */
public final class InMemoryOutboxStore implements OutboxStore {

    private static final Comparator<OutboxEvent> OLDEST_FIRST = Comparator.comparing(OutboxEvent::createdAt);

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, OutboxEvent> events = new LinkedHashMap<>();

    /**
     * Runs {@code work} while holding this store's lock, so that nothing else reads or changes the store until it
     * returns; {@code work} may call this store's methods. If it throws, changes this store already made stay:
     * call {@link #append} before making changes that cannot be undone.
     */
    public <T> T atomically(Supplier<T> work) {
        Objects.requireNonNull(work, "work must not be null");
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void append(List<OutboxEvent> batch) {
        Objects.requireNonNull(batch, "events must not be null");
        List<OutboxEvent> copy = List.copyOf(batch); // rejects null elements before anything is stored
        lock.lock();
        try {
            Set<String> ids = new HashSet<>();
            for (OutboxEvent event : copy) {
                if (event.state() != OutboxState.PENDING) {
                    throw new IllegalArgumentException("outbox event " + event.id() + " is " + event.state()
                            + " but only new PENDING events can be appended; create it with OutboxEvent.pending(…)");
                }
                if (!ids.add(event.id()) || events.containsKey(event.id())) {
                    throw new ConflictException("outbox event '" + event.id() + "' already exists; give every"
                            + " event a new id (OutboxEvent.pending(…) uses a random UUID)");
                }
            }
            for (OutboxEvent event : copy) {
                events.put(event.id(), event);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int appendIfAbsent(List<OutboxEvent> batch) {
        Objects.requireNonNull(batch, "events must not be null");
        List<OutboxEvent> copy = List.copyOf(batch);
        lock.lock();
        try {
            Set<String> ids = new HashSet<>();
            for (OutboxEvent event : copy) {
                if (!ids.add(event.id())) {
                    throw new ConflictException("outbox event '" + event.id() + "' is repeated in the events to"
                            + " append; give every event its own id");
                }
            }
            List<OutboxEvent> missing = copy.stream().filter(event -> !events.containsKey(event.id())).toList();
            append(missing); // the lock is reentrant: nobody can store one of them in between
            return missing.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<OutboxEvent> claim(String owner, Instant now, Duration lease, int limit, ClaimFilter filter) {
        Objects.requireNonNull(filter, "filter must not be null; use ClaimFilter.all()");
        Objects.requireNonNull(owner, "owner must not be null");
        Objects.requireNonNull(now, "now must not be null");
        Objects.requireNonNull(lease, "lease must not be null");
        if (owner.isBlank()) {
            throw new IllegalArgumentException("owner must not be blank");
        }
        if (lease.isZero() || lease.isNegative()) {
            throw new IllegalArgumentException("lease must be positive, got " + lease);
        }
        requireLimit(limit);
        Instant leaseUntil = now.plus(lease);
        lock.lock();
        try {
            List<OutboxEvent> claimed = claimable(now, filter, limit);
            claimed.replaceAll(event -> event.withClaim(owner, leaseUntil));
            for (OutboxEvent event : claimed) {
                events.put(event.id(), event);
            }
            return Collections.unmodifiableList(claimed);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean markProcessed(String id, String owner, Instant now) {
        Objects.requireNonNull(now, "now must not be null");
        return updateIfLeasedBy(id, owner, OutboxEvent::withProcessed);
    }

    @Override
    public boolean markForRetry(String id, String owner, Instant nextAttemptAt, String error) {
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt must not be null");
        Objects.requireNonNull(error, "error must not be null");
        return updateIfLeasedBy(id, owner, event -> event.withRetry(nextAttemptAt, error));
    }

    @Override
    public boolean markFailed(String id, String owner, String error) {
        Objects.requireNonNull(error, "error must not be null");
        return updateIfLeasedBy(id, owner, event -> event.withFailed(error));
    }

    @Override
    public boolean resubmit(String id, Instant now) {
        Objects.requireNonNull(now, "now must not be null");
        return replaceIfFailed(id, event -> event.withResubmitted(now));
    }

    @Override
    public boolean discard(String id, String note) {
        Objects.requireNonNull(note, "note must not be null");
        return replaceIfFailed(id, event -> event.withDiscarded(note));
    }

    /** Replaces a FAILED event by {@code change} of it; false for an event in another state. */
    private boolean replaceIfFailed(String id, UnaryOperator<OutboxEvent> change) {
        Objects.requireNonNull(id, "id must not be null");
        lock.lock();
        try {
            OutboxEvent event = events.get(id);
            if (event == null) {
                throw new NotFoundException("outbox event", id);
            }
            if (event.state() != OutboxState.FAILED) {
                return false;
            }
            events.put(id, change.apply(event));
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<OutboxEvent> find(String id) {
        Objects.requireNonNull(id, "id must not be null");
        lock.lock();
        try {
            return Optional.ofNullable(events.get(id));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<OutboxEvent> list(OutboxState state, String afterId, int limit) {
        Objects.requireNonNull(state, "state must not be null");
        Objects.requireNonNull(afterId, "afterId must not be null; use \"\" for the first page");
        requireLimit(limit);
        lock.lock();
        try {
            if (afterId.isEmpty()) {
                return Collections.unmodifiableList(select(event -> event.state() == state, limit));
            }
            if (!events.containsKey(afterId)) {
                throw new NotFoundException("outbox event", afterId);
            }
            // The order of all events (stable sort of insertion order), then the page after the cursor in it.
            List<OutboxEvent> all = select(event -> true, Integer.MAX_VALUE);
            int from = 0;
            while (!all.get(from).id().equals(afterId)) {
                from++;
            }
            return all.subList(from + 1, all.size()).stream().filter(event -> event.state() == state).limit(limit)
                    .toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Map<OutboxState, Long> counts() {
        Map<OutboxState, Long> counts = new EnumMap<>(OutboxState.class);
        for (OutboxState state : OutboxState.values()) {
            counts.put(state, 0L);
        }
        lock.lock();
        try {
            for (OutboxEvent event : events.values()) {
                counts.merge(event.state(), 1L, Long::sum);
            }
        } finally {
            lock.unlock();
        }
        return Collections.unmodifiableMap(counts);
    }

    @Override
    public String toString() {
        return "InMemoryOutboxStore" + counts();
    }

    /**
     * The events a claim may take, oldest {@code createdAt} first. Caller holds the lock. The map's insertion order
     * is the append sequence (replacing a value keeps its place), so walking it once sees every aggregate's
     * unfinished events in order: the first one may be claimable, the later ones wait for it.
     */
    private List<OutboxEvent> claimable(Instant now, ClaimFilter filter, int limit) {
        Set<String> unfinished = new HashSet<>();
        List<OutboxEvent> matching = new ArrayList<>();
        for (OutboxEvent event : events.values()) {
            boolean open = event.state() == OutboxState.PENDING || event.state() == OutboxState.PROCESSING;
            if (!open) {
                continue;
            }
            String aggregate = event.aggregateId();
            boolean first = aggregate.isEmpty() || unfinished.add(aggregate);
            if (first && filter.accepts(event.type()) && event.isClaimableAt(now)) {
                matching.add(event);
            }
        }
        matching.sort(OLDEST_FIRST);
        return new ArrayList<>(matching.subList(0, Math.min(limit, matching.size())));
    }

    // Caller holds the lock. Insertion order is the tie-break because List.sort is stable.
    private List<OutboxEvent> select(Predicate<OutboxEvent> filter, int limit) {
        List<OutboxEvent> matching = new ArrayList<>();
        for (OutboxEvent event : events.values()) {
            if (filter.test(event)) {
                matching.add(event);
            }
        }
        matching.sort(OLDEST_FIRST);
        return new ArrayList<>(matching.subList(0, Math.min(limit, matching.size())));
    }

    private boolean updateIfLeasedBy(String id, String owner, UnaryOperator<OutboxEvent> change) {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(owner, "owner must not be null");
        lock.lock();
        try {
            OutboxEvent event = events.get(id);
            if (event == null || event.state() != OutboxState.PROCESSING
                    || !event.leaseOwner().orElseThrow().equals(owner)) {
                return false;
            }
            events.put(id, change.apply(event));
            return true;
        } finally {
            lock.unlock();
        }
    }

    private static void requireLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
    }
}
