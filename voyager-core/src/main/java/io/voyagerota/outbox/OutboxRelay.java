package io.voyagerota.outbox;

import io.voyagerota.event.OutboxDeliveryFailed;
import io.voyagerota.event.VoyagerEvent;
import io.voyagerota.spi.OutboxStore;
import io.voyagerota.spi.VoyagerListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * Delivers {@link OutboxEvent}s from an {@link OutboxStore} to the {@link OutboxHandler} registered for their type,
 * at least once.
 *
 * <p>Each {@link #runOnce()} claims one batch under a lease and handles its events one after another: success
 * marks an event PROCESSED; a failure schedules a retry after the {@link RetryPolicy}'s jittered backoff, or, on
 * the last allowed attempt, marks it FAILED and publishes an {@link OutboxDeliveryFailed} alert to the listener.
 * An event of a type with no handler is FAILED at once. The host schedules {@code runOnce} (say, every second on a
 * single-thread executor); any number of relays, in one process or many, may share a store, each with its own
 * {@linkplain Builder#owner(String) owner}. Calls to {@code runOnce} on one instance are serialized.
 *
 * <p>Handler errors never escape {@code runOnce}; store errors do (the claimed events are then reclaimed once
 * their lease expires). The lease must cover handling a whole batch; a relay that overruns it may see another relay
 * deliver the same events again, which idempotent handlers tolerate.
 */
public final class OutboxRelay {
    /** Default lease on a claimed batch. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);
    /** Default number of events claimed per {@link #runOnce()}. */
    public static final int DEFAULT_BATCH_SIZE = 32;
    /** Largest allowed batch: larger batches make one lease cover too much work. */
    public static final int MAX_BATCH_SIZE = 1000;

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxStore store;
    private final Map<String, OutboxHandler> handlers;
    private final InstantSource clock;
    private final String owner;
    private final Duration lease;
    private final int batchSize;
    private final RetryPolicy retryPolicy;
    private final VoyagerListener listener;
    private final RandomGenerator random;
    private final ClaimFilter filter;
    private final ReentrantLock runLock = new ReentrantLock();

    private OutboxRelay(Builder b) {
        this.store = b.store;
        this.handlers = Collections.unmodifiableMap(new TreeMap<>(b.handlers));
        this.clock = b.clock;
        this.owner = b.owner != null ? b.owner
                : "relay-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.lease = b.lease;
        this.batchSize = b.batchSize;
        this.retryPolicy = b.retryPolicy;
        this.listener = b.listener;
        this.random = b.random != null ? b.random : new SplittableRandom();
        this.filter = b.filter;
    }

    /** Starts configuring a relay over {@code store}; at least one handler must be registered. */
    public static Builder builder(OutboxStore store) {
        return new Builder(store);
    }

    /** The lease owner this relay claims as. */
    public String owner() {
        return owner;
    }

    /**
     * Claims one batch and handles each event in it.
     *
     * @return how many events were handled, whatever the outcome; 0 when nothing was due
     */
    public int runOnce() {
        runLock.lock();
        try {
            List<OutboxEvent> batch = store.claim(owner, clock.instant(), lease, batchSize, filter);
            int handled = 0;
            for (OutboxEvent event : batch) {
                if (Thread.currentThread().isInterrupted()) {
                    // Hand the rest back now rather than leaving them leased until the lease expires.
                    release(batch.subList(handled, batch.size()));
                    break;
                }
                deliver(event);
                handled++;
            }
            return handled;
        } finally {
            runLock.unlock();
        }
    }

    /**
     * Calls {@link #runOnce()} until it finds nothing due or {@code maxRounds} rounds have run.
     *
     * @return the total number of events handled
     */
    public int runUntilIdle(int maxRounds) {
        if (maxRounds < 1) {
            throw new IllegalArgumentException("maxRounds must be at least 1, got " + maxRounds);
        }
        int total = 0;
        for (int round = 0; round < maxRounds; round++) {
            int handled = runOnce();
            if (handled == 0) {
                break;
            }
            total += handled;
        }
        return total;
    }

    private void deliver(OutboxEvent event) {
        int max = retryPolicy.maxAttempts();
        if (event.attempts() > max) {
            // Earlier claims never finished: the event may crash the worker (a poison pill), so do not run it again.
            fail(event, "claimed " + event.attempts() + " times but only " + max + " attempts are allowed; the"
                    + " earlier attempts never finished (the relay crashed or overran its lease of " + lease
                    + " while handling it); make the handler finish well within the lease, then resubmit");
            return;
        }
        OutboxHandler handler = handlers.get(event.type());
        if (handler == null) {
            fail(event, "no handler is registered for type '" + event.type() + "' on relay " + owner
                    + "; registered types: " + handlers.keySet() + "; register a handler for it, then resubmit");
            return;
        }
        try {
            handler.handle(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release(List.of(event));
            return;
        } catch (VirtualMachineError e) {
            if (!(e instanceof StackOverflowError)) {
                throw e; // out of memory or worse: nothing sensible to record; the lease expiry recovers the event
            }
            failedAttempt(event, e);
            return;
        } catch (Throwable e) {
            failedAttempt(event, e);
            return;
        }
        if (!store.markProcessed(event.id(), owner, clock.instant())) {
            leaseLost(event, "PROCESSED");
        }
    }

    private void failedAttempt(OutboxEvent event, Throwable error) {
        String message = describe(error);
        int max = retryPolicy.maxAttempts();
        if (event.attempts() >= max) {
            log.debug("outbox event {} ({}) attempt {} failed", event.id(), event.type(), event.attempts(), error);
            fail(event, message);
            return;
        }
        Instant next = clock.instant().plus(retryPolicy.delayAfter(event.attempts(), random));
        log.warn("outbox event {} ({}) failed attempt {}/{}, retrying at {}: {}", event.id(), event.type(),
                event.attempts(), max, next, message);
        log.debug("outbox event {} ({}) attempt {} failed", event.id(), event.type(), event.attempts(), error);
        if (!store.markForRetry(event.id(), owner, next, message)) {
            leaseLost(event, "PENDING for a retry");
        }
    }

    private void fail(OutboxEvent event, String error) {
        String stored = OutboxEvent.truncateError(error);
        if (!store.markFailed(event.id(), owner, stored)) {
            leaseLost(event, "FAILED");
            return;
        }
        log.warn("outbox event {} ({}) failed attempt {}/{} and is now FAILED: {}", event.id(), event.type(),
                event.attempts(), retryPolicy.maxAttempts(), stored);
        publish(new OutboxDeliveryFailed(event.id(), event.type(), event.attempts(), stored, clock.instant()));
    }

    private void release(List<OutboxEvent> events) {
        Instant now = clock.instant();
        for (OutboxEvent event : events) {
            if (!store.markForRetry(event.id(), owner, now,
                    "relay " + owner + " was interrupted before it finished handling this event")) {
                leaseLost(event, "PENDING after an interrupt");
            }
        }
    }

    private void leaseLost(OutboxEvent event, String target) {
        log.warn("outbox event {} ({}): could not mark it {} because relay {} no longer holds its lease (it expired"
                        + " and another relay reclaimed the event, or it changed meanwhile); that relay takes over,"
                        + " so the event may be handled twice; if this repeats, lengthen the lease or shrink the batch",
                event.id(), event.type(), target, owner);
    }

    private void publish(VoyagerEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            // A listener must not throw; if one does, the event is already FAILED, so log and carry on with the batch.
            log.warn("listener {} threw while handling {}: {}", listener, event, e.toString());
            log.debug("listener {} threw", listener, e);
        }
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        String name = error.getClass().getName();
        return OutboxEvent.truncateError(message == null || message.isBlank() ? name : name + ": " + message);
    }

    @Override
    public String toString() {
        return "OutboxRelay[owner=" + owner + ", types=" + handlers.keySet() + ", claiming=" + filter + "]";
    }

    /** Configures an {@link OutboxRelay}. Every setting but the store and the handlers has a default. */
    public static final class Builder {
        private final OutboxStore store;
        private final Map<String, OutboxHandler> handlers = new TreeMap<>();
        private InstantSource clock = InstantSource.system();
        private String owner;
        private Duration lease = DEFAULT_LEASE;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private VoyagerListener listener = VoyagerListener.none();
        private RandomGenerator random;
        private ClaimFilter filter = ClaimFilter.all();

        private Builder(OutboxStore store) {
            this.store = Objects.requireNonNull(store, "store must not be null");
        }

        /** Registers the handler for events of {@code type}; one handler per type. */
        public Builder handler(String type, OutboxHandler handler) {
            OutboxEvent.requireValidType(type, "handler type");
            Objects.requireNonNull(handler, "handler for type '" + type + "' must not be null");
            if (handlers.putIfAbsent(type, handler) != null) {
                throw new IllegalArgumentException("a handler for type '" + type + "' is already registered;"
                        + " register one handler per type and dispatch inside it if you need several");
            }
            return this;
        }

        /** The clock for claims, due times and alerts; default {@link InstantSource#system()}. */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock must not be null");
            return this;
        }

        /**
         * The lease owner name, unique per relay instance across every node sharing the store; including the host
         * name helps operators. Default: {@code relay-<pid>-<random>}.
         */
        public Builder owner(String owner) {
            Objects.requireNonNull(owner, "owner must not be null");
            if (owner.isBlank() || owner.length() > OutboxEvent.MAX_OWNER_LENGTH) {
                throw new IllegalArgumentException("owner must be 1 to " + OutboxEvent.MAX_OWNER_LENGTH
                        + " characters and not blank, got '" + owner + "'");
            }
            this.owner = owner;
            return this;
        }

        /** How long a claimed batch stays reserved for this relay; must cover handling the whole batch. */
        public Builder lease(Duration lease) {
            Objects.requireNonNull(lease, "lease must not be null");
            if (lease.compareTo(Duration.ofMillis(1)) < 0) {
                throw new IllegalArgumentException("lease must be at least 1 ms, and long enough to handle a whole"
                        + " batch, got " + lease);
            }
            this.lease = lease;
            return this;
        }

        /** How many events one {@link OutboxRelay#runOnce()} claims; 1 to {@value OutboxRelay#MAX_BATCH_SIZE}. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
                throw new IllegalArgumentException("batchSize must be between 1 and " + MAX_BATCH_SIZE + ", got "
                        + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Retries and backoff; default {@link RetryPolicy#defaults()}. */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy must not be null");
            return this;
        }

        /** Receives {@link OutboxDeliveryFailed} alerts; default ignores them. */
        public Builder listener(VoyagerListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener must not be null");
            return this;
        }

        /** The source of backoff jitter; default a fresh {@link SplittableRandom}. Used under the run lock only. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random must not be null");
            return this;
        }

        /**
         * Which event types this relay claims; default every type. Relays that split the work by type keep slow
         * events (fan-outs) from holding up quick ones; an event of an accepted type without a handler is FAILED
         * as usual.
         */
        public Builder claiming(ClaimFilter filter) {
            this.filter = Objects.requireNonNull(filter, "filter must not be null; use ClaimFilter.all()");
            return this;
        }

        public OutboxRelay build() {
            if (handlers.isEmpty()) {
                throw new IllegalStateException("no handler is registered; call handler(type, handler) for each"
                        + " outbox event type this relay delivers (a relay without handlers would fail every event)");
            }
            return new OutboxRelay(this);
        }
    }
}
