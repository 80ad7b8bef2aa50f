package io.voyagerota.internal;

import io.voyagerota.device.DeviceSighting;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Collects the latest sighting per device between flushes, so that checks never write to the database and a
 * device that polls ten times between flushes costs one row write. Bounded: when full, new devices are dropped
 * (and counted) until the next flush; devices already buffered keep being updated.
 */
public final class SightingBuffer {
    private final int limit;
    private final ConcurrentHashMap<String, DeviceSighting> pending = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();

    public SightingBuffer(int limit) {
        this.limit = limit;
    }

    public void add(DeviceSighting sighting) {
        if (limit == 0) {
            return;
        }
        if (pending.size() >= limit && !pending.containsKey(sighting.deviceId())) {
            dropped.incrementAndGet();
            return;
        }
        pending.put(sighting.deviceId(), sighting);
    }

    /** Takes what has been collected; a sighting that races with the drain is kept for the next one. */
    public List<DeviceSighting> drain() {
        List<DeviceSighting> out = new ArrayList<>(pending.size());
        for (String id : pending.keySet()) {
            DeviceSighting s = pending.remove(id);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    public long dropped() {
        return dropped.get();
    }
}
