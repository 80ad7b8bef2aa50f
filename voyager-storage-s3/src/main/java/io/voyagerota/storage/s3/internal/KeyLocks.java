package io.voyagerota.storage.s3.internal;

import java.io.IOException;
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

    /** Work done under a key's lock. */
    @FunctionalInterface
    public interface Locked<T> {
        T run() throws IOException;
    }

    /** Runs {@code work} holding {@code key}'s stripe. */
    public <T> T with(Object key, Locked<T> work) throws IOException {
        ReentrantLock lock = stripes[Math.floorMod(key.hashCode(), stripes.length)];
        lock.lock();
        try {
            return work.run();
        } finally {
            lock.unlock();
        }
    }
}
