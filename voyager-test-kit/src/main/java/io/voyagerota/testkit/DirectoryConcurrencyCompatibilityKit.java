package io.voyagerota.testkit;

import io.voyagerota.device.DirectoryEntry;
import io.voyagerota.spi.DirectoryStore;
import io.voyagerota.spi.Registry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.voyagerota.testkit.RegistryFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writers on several threads (standing for several nodes) racing readers that follow the directory with
 * {@link DirectoryStore#changedSince}: a reader that pages on from the last revision it saw must end up with
 * exactly the store's entries. A store that hands out revisions in an order other than commit order lets a reader
 * pass a revision that commits later, and fails here. Part of {@link RegistryCompatibilityKit}.
 */
public abstract class DirectoryConcurrencyCompatibilityKit {
    private static final int WRITERS = 6;
    private static final int READERS = 2;
    private static final int WRITES = 40;
    private static final int SHARED = 5;
    private static final int PAGE = 5;

    protected DirectoryStore directory;
    private ExecutorService pool;

    /** A fresh, empty registry; called before every test. */
    protected abstract Registry newRegistry();

    @BeforeEach
    void createRegistry() {
        directory = newRegistry().directory();
        pool = Executors.newFixedThreadPool(WRITERS + READERS);
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "racing threads stopped");
    }

    /** A distinct valid hash per writer and write. */
    private static String hash(int writer, int write) {
        return String.format("%064x", writer * 1000L + write);
    }

    /**
     * One write: every other one creates a device of its own (a device written once, so a skipped row stays
     * missing for good); the rest update, tag and revoke devices that all writers share.
     */
    private DirectoryEntry write(int writer, int i) {
        if (i % 2 == 0) {
            return directory.putCredential("w" + writer + "-" + i, hash(writer, i), T0.plusMillis(i));
        }
        String shared = "shared-" + (i / 2) % SHARED;
        return switch ((writer + i / 2) % 3) {
            case 0 -> directory.putTags(shared, Set.of("w" + writer, "round-" + i), T0.plusMillis(i));
            case 1 -> directory.putCredential(shared, hash(writer, i), T0.plusMillis(i));
            default -> {
                directory.removeCredential(shared, T0.plusMillis(i));
                yield null; // no entry returned, whether or not there was a credential to remove
            }
        };
    }

    /** Follows the feed until the writers are done and a last read finds nothing new; returns what it saw. */
    private Map<String, DirectoryEntry> follow(AtomicInteger writersLeft) {
        Map<String, DirectoryEntry> seen = new HashMap<>();
        long after = 0;
        while (true) {
            boolean last = writersLeft.get() == 0; // read before the page, so the final pass starts after the writes
            List<DirectoryEntry> page = directory.changedSince(after, PAGE);
            for (DirectoryEntry e : page) {
                assertTrue(e.revision() > after, "revision " + e.revision() + " after " + after);
                after = e.revision();
                seen.put(e.deviceId(), e);
            }
            if (page.isEmpty() && last) {
                return seen;
            }
        }
    }

    @Test
    @Timeout(120)
    void readersFollowingTheFeedNeverMissACommittedChange() throws Exception {
        CyclicBarrier start = new CyclicBarrier(WRITERS + READERS);
        AtomicInteger writersLeft = new AtomicInteger(WRITERS);
        Set<Long> revisions = ConcurrentHashMap.newKeySet();
        AtomicInteger returned = new AtomicInteger();
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                try {
                    long previous = 0;
                    for (int i = 0; i < WRITES; i++) {
                        DirectoryEntry e = write(writer, i);
                        if (e != null) {
                            assertTrue(e.revision() > previous, "one writer's revisions increase");
                            previous = e.revision();
                            revisions.add(e.revision());
                            returned.incrementAndGet();
                        }
                    }
                } finally {
                    writersLeft.decrementAndGet();
                }
                return null;
            }));
        }
        List<Future<Map<String, DirectoryEntry>>> readers = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            readers.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return follow(writersLeft);
            }));
        }
        for (Future<?> writer : writers) {
            writer.get(100, TimeUnit.SECONDS);
        }
        assertEquals(returned.get(), revisions.size(), "no revision handed out twice");

        Map<String, DirectoryEntry> stored = new HashMap<>();
        directory.changedSince(0, Integer.MAX_VALUE).forEach(e -> stored.put(e.deviceId(), e));
        assertEquals(WRITERS * WRITES / 2 + SHARED, stored.size(), "every device is stored");
        for (int r = 0; r < READERS; r++) {
            Map<String, DirectoryEntry> seen = readers.get(r).get(100, TimeUnit.SECONDS);
            for (DirectoryEntry e : stored.values()) {
                assertEquals(e, seen.get(e.deviceId()), "reader " + r + " followed " + e.deviceId());
            }
            assertEquals(stored.size(), seen.size(), "reader " + r + " saw no other devices");
        }
    }
}
