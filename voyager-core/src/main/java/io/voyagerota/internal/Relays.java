package io.voyagerota.internal;

import io.voyagerota.outbox.ClaimFilter;
import io.voyagerota.outbox.OutboxHandler;
import io.voyagerota.outbox.OutboxRelay;
import io.voyagerota.spi.OutboxStore;
import io.voyagerota.spi.VoyagerListener;
import io.voyagerota.support.Payloads;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outbox relays of one Voyager. Ordinary events (artifacts, the host's own types such as webhooks) go through
 * one relay and fan-outs through others, so that neither kind waits behind the other: a fan-out of a large fleet
 * takes minutes, an artifact delete a moment.
 */
public final class Relays {
    private static final String[] FANOUT_TYPES = {EventTypes.DEVICES_TRIGGER, EventTypes.DEVICES_TRIGGER_CHUNK};
    /** Bounds the chunks one {@link #runOnce()} delivers; 10,000 chunks are ten million devices. */
    private static final int INLINE_CHUNK_ROUNDS = 10_000;
    /** Bounds the fan-out batches one {@link #runOnce()} splits. */
    private static final int INLINE_FANOUT_ROUNDS = 100;

    private final OutboxRelay ordinary;
    private final List<OutboxRelay> fanouts;
    // For hosts that relay themselves: parents and chunks apart, so that a fan-out counts once.
    private final OutboxRelay split;
    private final OutboxRelay chunks;
    /** The fan-outs (parent ids) the current {@link #runOnce()} split or delivered chunks of; under its lock. */
    private final Set<String> touched = new HashSet<>();

    /**
     * @param handlers the handlers of every type but the fan-out ones
     * @param workers  how many fan-out relays to build, one per background thread
     * @param fanoutLease the lease of fan-out claims: a chunk is bounded work, so a lease shorter than the default
     *                    of ordinary events lets another node take over soon the chunk of a node that died
     */
    public Relays(OutboxStore store, InstantSource clock, VoyagerListener listener,
                  Map<String, OutboxHandler> handlers, TriggerSplit splitter, TriggerFanout fanout, int workers,
                  Duration fanoutLease) {
        OutboxRelay.Builder builder = builder(store, clock, listener, ClaimFilter.allExcept(FANOUT_TYPES));
        handlers.forEach(builder::handler);
        this.ordinary = builder.build();
        List<OutboxRelay> list = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            // One event per claim: the lease then covers one chunk of at most TriggerSplit.CHUNK devices.
            list.add(builder(store, clock, listener, ClaimFilter.only(FANOUT_TYPES)).lease(fanoutLease).batchSize(1)
                    .handler(EventTypes.DEVICES_TRIGGER, splitter).handler(EventTypes.DEVICES_TRIGGER_CHUNK, fanout)
                    .build());
        }
        this.fanouts = List.copyOf(list);
        this.split = builder(store, clock, listener, ClaimFilter.only(EventTypes.DEVICES_TRIGGER)).lease(fanoutLease)
                .handler(EventTypes.DEVICES_TRIGGER, e -> {
                    touched.add(e.id());
                    splitter.handle(e);
                }).build();
        this.chunks = builder(store, clock, listener, ClaimFilter.only(EventTypes.DEVICES_TRIGGER_CHUNK))
                .lease(fanoutLease).batchSize(1).handler(EventTypes.DEVICES_TRIGGER_CHUNK, e -> {
                    touched.add(Payloads.read(e.payload()).getOrDefault("parent", e.id()));
                    fanout.handle(e);
                }).build();
    }

    /** The relay of every event but fan-outs. */
    public OutboxRelay ordinary() {
        return ordinary;
    }

    /** The fan-out relays, for the background threads. */
    public List<OutboxRelay> fanouts() {
        return fanouts;
    }

    /**
     * One batch of ordinary events, then every fan-out that is due, each with its chunks, so that the devices are
     * nudged by the time this returns. Fan-outs of one product go one at a time (the events of an aggregate are
     * delivered in order), hence the loop: one batch would take only the first of them.
     *
     * @return how many events were handled, whatever the outcome, a fan-out counting once however many of its
     *         chunks were delivered (a chunk retried alone counts as its fan-out)
     */
    public synchronized int runOnce() {
        touched.clear();
        int handled = ordinary.runOnce();
        for (int round = 0; round < INLINE_FANOUT_ROUNDS; round++) {
            int parents = split.runOnce();
            chunks.runUntilIdle(INLINE_CHUNK_ROUNDS);
            if (parents == 0) {
                break;
            }
        }
        return handled + touched.size();
    }

    private static OutboxRelay.Builder builder(OutboxStore store, InstantSource clock, VoyagerListener listener,
                                               ClaimFilter filter) {
        return OutboxRelay.builder(store).clock(clock).listener(listener).claiming(filter);
    }
}
