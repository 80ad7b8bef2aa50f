package io.voyagerota.internal;

import io.voyagerota.device.DeviceSighting;
import io.voyagerota.version.Version;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Collects device sightings between flushes, so that checks never write to the database and a device that polls
 * ten times between flushes costs one row write.
 *
 * <p>Why parallel arrays and not a map of the latest sighting per device: a map keeps a node, a record and an
 * {@link Instant} alive per check until the next flush, and with a million distinct devices between flushes the
 * young collector copies all of them, which cost the check path more than the update decision itself. Here a
 * check appends four references and a {@code long} to arrays that are reused from flush to flush, under the lock
 * of one of several stripes; the latest sighting per device is picked when draining, on the background thread.
 *
 * <p>Bounded: at most {@code limit} sightings (repeats included) are held; beyond that they are dropped and
 * counted until the next flush. A dropped sighting loses nothing a later one does not bring back.
 */
public final class SightingBuffer {
    private static final int STRIPES = 16;
    private final int limit;
    private final Stripe[] stripes;
    private final AtomicLong dropped = new AtomicLong();
    /**
     * Sightings held now, over all stripes. The limit is the buffer's, not a share per stripe: device ids do not
     * hash evenly enough for sixteen equal shares, and a buffer sized to the fleet dropped sightings while most of
     * it stood empty.
     */
    private final AtomicInteger held = new AtomicInteger();

    public SightingBuffer(int limit) {
        this.limit = limit;
        this.stripes = new Stripe[STRIPES];
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** Records that a device checked at {@code atMillis} (epoch milliseconds); never blocks for long. */
    public void add(String deviceId, String productId, String model, Version version, long atMillis) {
        if (limit == 0) {
            return;
        }
        // The same device always lands in the same stripe, so its sightings stay in order.
        Stripe stripe = stripes[spread(deviceId.hashCode()) & (STRIPES - 1)];
        if (held.incrementAndGet() > limit) {
            held.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        stripe.append(deviceId, productId, model, version, atMillis);
    }

    /** Takes what has been collected: the latest sighting of each device, in no particular order. */
    public synchronized List<DeviceSighting> drain() {
        Map<String, DeviceSighting> latest = new HashMap<>();
        for (Stripe stripe : stripes) {
            held.addAndGet(-stripe.drainInto(latest));
        }
        return new ArrayList<>(latest.values());
    }

    public long dropped() {
        return dropped.get();
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    /**
     * One stripe: a filling batch that checks append to and a spare batch, swapped under the lock when draining
     * so that checks wait only for the swap, not for the copy.
     */
    private static final class Stripe {
        private Batch filling = new Batch();
        private Batch spare = new Batch();

        synchronized void append(String deviceId, String productId, String model, Version version, long at) {
            filling.append(deviceId, productId, model, version, at);
        }

        /** Moves the stripe's sightings into {@code latest}; returns how many it held. */
        int drainInto(Map<String, DeviceSighting> latest) {
            Batch full;
            synchronized (this) {
                full = filling;
                filling = spare;
                spare = full;
            }
            // Drains are serialised, so nothing else touches the batch just swapped out until the next drain.
            for (int i = 0; i < full.size; i++) {
                // Appends within a stripe are in time order, so a later entry is the newer sighting.
                latest.put(full.ids[i], new DeviceSighting(full.ids[i], full.products[i], full.models[i],
                        full.versions[i], Instant.ofEpochMilli(full.at[i])));
            }
            int drained = full.size;
            full.clear();
            return drained;
        }
    }

    /** Parallel arrays that grow by doubling (the buffer's limit bounds them) and are reused after each drain. */
    private static final class Batch {
        private String[] ids = new String[0];
        private String[] products = new String[0];
        private String[] models = new String[0];
        private Version[] versions = new Version[0];
        private long[] at = new long[0];
        private int size;

        void append(String deviceId, String productId, String model, Version version, long millis) {
            if (size == ids.length) {
                grow();
            }
            ids[size] = deviceId;
            products[size] = productId;
            models[size] = model;
            versions[size] = version;
            at[size] = millis;
            size++;
        }

        private void grow() {
            int next = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(16L, ids.length * 2L));
            ids = Arrays.copyOf(ids, next);
            products = Arrays.copyOf(products, next);
            models = Arrays.copyOf(models, next);
            versions = Arrays.copyOf(versions, next);
            at = Arrays.copyOf(at, next);
        }

        /** Drops the references so the strings and versions can be collected; keeps the arrays. */
        void clear() {
            Arrays.fill(ids, 0, size, null);
            Arrays.fill(products, 0, size, null);
            Arrays.fill(models, 0, size, null);
            Arrays.fill(versions, 0, size, null);
            size = 0;
        }
    }
}
