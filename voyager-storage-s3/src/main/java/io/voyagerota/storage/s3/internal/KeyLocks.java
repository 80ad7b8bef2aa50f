package io.voyagerota.storage.s3.internal;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped locks that serialise the operations on one key within this process, so that of two concurrent deletes
 * exactly one reports a change. Other processes are not covered; see the storage's Javadoc.
 */
public final class KeyLocks {
    private final ReentrantLock[] stripes = new ReentrantLock[64];

    public KeyLocks() {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    /** Locks {@code key}'s stripe; close the result to unlock. */
    public Held lock(Object key) {
        ReentrantLock lock = stripes[Math.floorMod(key.hashCode(), stripes.length)];
        lock.lock();
        return lock::unlock;
    }

    /** A held lock. */
    @FunctionalInterface
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
