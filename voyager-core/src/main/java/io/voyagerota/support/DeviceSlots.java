package io.voyagerota.support;

import org.jspecify.annotations.Nullable;

/**
 * A bounded cache of one value per device: what a node last computed for a device (a signature, a rendered answer),
 * kept while what it was computed from stays the same. Four-way set-associative, so devices whose ids land on one
 * set keep their values: with 10,000 devices in 65,536 slots about three in a thousand share a set with four others,
 * where a direct-mapped cache would make one in seven evict another device's value on every poll.
 *
 * <p>Thread-safe without locks: a slot holds an immutable entry, and a race between two writers only costs one of
 * them its entry.
 *
 * @param <V> the cached value
 */
public final class DeviceSlots<V> {
    private static final int WAYS = 4;

    private final @Nullable Entry<V>[] slots;
    private final int mask;

    /** @param slots rounded up to a power of two (at least 4); 0 keeps nothing */
    @SuppressWarnings("unchecked")
    public DeviceSlots(int slots) {
        Checks.inRange(slots, 0, 1 << 24, "slots");
        int size = slots == 0 ? 0 : Math.max(WAYS, Integer.highestOneBit(Math.max(1, slots - 1) << 1));
        this.slots = (Entry<V>[]) new Entry<?>[size];
        this.mask = size - 1;
    }

    /** How many values it can hold. */
    public int capacity() {
        return slots.length;
    }

    /** The value kept for {@code deviceId} when it was computed from {@code source} (compared with equals). */
    public @Nullable V find(String deviceId, Object source) {
        if (slots.length == 0) {
            return null;
        }
        int set = set(deviceId);
        for (int way = set; way < set + WAYS; way++) {
            Entry<V> e = slots[way];
            if (e != null && e.deviceId.equals(deviceId) && e.source.equals(source)) {
                return e.value;
            }
        }
        return null;
    }

    /** Keeps {@code value}, computed from {@code source}, as this device's, in place of the device's earlier one. */
    public void put(String deviceId, Object source, V value) {
        if (slots.length == 0) {
            return;
        }
        Entry<V> entry = new Entry<>(deviceId, source, value);
        int set = set(deviceId);
        for (int way = set; way < set + WAYS; way++) {
            Entry<V> e = slots[way];
            if (e != null && e.deviceId.equals(deviceId)) {
                slots[way] = entry;
                return;
            }
        }
        System.arraycopy(slots, set, slots, set + 1, WAYS - 1); // the newest first, the oldest out
        slots[set] = entry;
    }

    private int set(String deviceId) {
        return (deviceId.hashCode() * 0x9E3779B9 >>> 8) & mask & ~(WAYS - 1);
    }

    private record Entry<V>(String deviceId, Object source, V value) {
    }
}
