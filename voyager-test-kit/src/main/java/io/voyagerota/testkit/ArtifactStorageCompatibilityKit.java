package io.voyagerota.testkit;

import io.voyagerota.ConflictException;
import io.voyagerota.InvalidInputException;
import io.voyagerota.NotFoundException;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.ArtifactTooLargeException;
import io.voyagerota.spi.StoredArtifact;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.voyagerota.testkit.ArtifactStreams.content;
import static io.voyagerota.testkit.ArtifactStreams.failingAfter;
import static io.voyagerota.testkit.ArtifactStreams.sha256;
import static io.voyagerota.testkit.ArtifactStreams.trickle;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tests every {@link ArtifactStorage} adapter must pass: one or more per clause of the SPI contract. Extend it,
 * implement {@link #newStorage()}, and run it like any JUnit Jupiter test class.
 *
 * <p>Contents are generated from a label, and expected sizes and hashes are computed here with the JDK's SHA-256,
 * never taken from the adapter. Sizes sit around 8 KiB and 64 KiB, the buffers adapters commonly copy with.
 */
public abstract class ArtifactStorageCompatibilityKit {
    private static final long NO_LIMIT = Long.MAX_VALUE;

    protected ArtifactStorage storage;

    /** A fresh, empty storage; called before every test method (once per factory of dynamic tests). */
    protected abstract ArtifactStorage newStorage() throws Exception;

    @BeforeEach
    void createStorage() throws Exception {
        storage = newStorage();
    }

    /** The listing clauses, on the same fresh storage. */
    @Nested
    class Listing extends ArtifactListingKit {
        @Override
        protected ArtifactStorage storage() {
            return storage;
        }
    }

    /** The channel clauses, on the same fresh storage. */
    @Nested
    class Channels extends ArtifactChannelKit {
        @Override
        protected ArtifactStorage storage() {
            return storage;
        }
    }

    // ---- put: streaming, size and hash

    @TestFactory
    Stream<DynamicTest> putReportsTheSizeAndSha256OfWhatStreamedIn() {
        return cases(size -> size + " bytes", this::putReportsSizeAndSha256,
                0, 1, 8191, 8192, 8193, 65535, 65536, 65537, 3 * 65536 + 17, 300_001);
    }

    private void putReportsSizeAndSha256(int size) throws IOException {
        ArtifactKey key = ArtifactKey.of("sizes/" + size + ".bin");
        byte[] bytes = content("sizes", size);
        StoredArtifact stored = storage.put(key, new ByteArrayInputStream(bytes), NO_LIMIT);

        assertEquals(key, stored.key());
        assertEquals(size, stored.size());
        assertEquals(sha256(bytes), stored.sha256());
        assertEquals(Optional.of(stored), storage.stat(key), "stat answers what put returned");
        assertArrayEquals(bytes, readAll(key, stored.size()));
    }

    @Test
    void putReadsStreamsThatDeliverFewBytesAtATime() throws IOException {
        byte[] bytes = content("trickle", 100_003);
        StoredArtifact stored = storage.put(ArtifactKey.of("trickle"), trickle(bytes, 997), NO_LIMIT);
        assertEquals(sha256(bytes), stored.sha256());
        assertArrayEquals(bytes, readAll(ArtifactKey.of("trickle"), bytes.length));
    }

    @Test
    void putAcceptsExactlyTheLimit() throws IOException {
        byte[] bytes = content("limit", 70_000);
        assertEquals(bytes.length, storage.put(ArtifactKey.of("at-limit"), new ByteArrayInputStream(bytes),
                bytes.length).size());
        assertEquals(0, storage.put(ArtifactKey.of("empty-at-zero"), new ByteArrayInputStream(new byte[0]), 0).size());
    }

    @TestFactory
    Stream<DynamicTest> putOverTheLimitIsRefusedLeavesNothingAndFreesTheKey() {
        return cases(limit -> "limit " + limit, this::putOverTheLimit, 0, 1, 65535, 69_999);
    }

    private void putOverTheLimit(int limit) throws IOException {
        ArtifactKey key = ArtifactKey.of("too/large-" + limit + ".bin");
        byte[] bytes = content("over", Math.max(limit + 1, 70_000));
        assertThrows(ArtifactTooLargeException.class, () -> storage.put(key, new ByteArrayInputStream(bytes), limit));
        assertNothingAt(key);

        byte[] fits = content("fits", limit);
        assertEquals(sha256(fits), storage.put(key, new ByteArrayInputStream(fits), limit).sha256());
    }

    @TestFactory
    Stream<DynamicTest> aStreamThatFailsMidwayLeavesNothingAndFreesTheKey() {
        return cases(at -> "fails after " + at + " bytes", this::failingStream, 0, 1, 65536, 100_000);
    }

    private void failingStream(int failAfter) throws IOException {
        ArtifactKey key = ArtifactKey.of("broken/upload-" + failAfter + ".bin");
        byte[] bytes = content("broken", 200_000);
        assertThrows(IOException.class, () -> storage.put(key, failingAfter(bytes, failAfter), NO_LIMIT));
        assertNothingAt(key);

        assertEquals(sha256(bytes), storage.put(key, new ByteArrayInputStream(bytes), NO_LIMIT).sha256());
        assertArrayEquals(bytes, readAll(key, bytes.length));
    }

    @Test
    @Timeout(30)
    void anArtifactIsInvisibleUntilItsPutCompletes() throws Exception {
        ArtifactKey key = ArtifactKey.of("slow/upload.bin");
        byte[] bytes = content("slow", 150_000);
        CountDownLatch halfway = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        InputStream paused = new ArtifactStreams.GatedStream(bytes, 80_000, halfway, proceed);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<StoredArtifact> put = pool.submit(() -> storage.put(key, paused, NO_LIMIT));
            assertTrue(halfway.await(20, TimeUnit.SECONDS), "the put started reading");
            assertEquals(Optional.empty(), storage.stat(key), "half-written artifact is invisible to stat");
            assertThrows(NotFoundException.class, () -> storage.open(key, 0, 0), "and to open");
            proceed.countDown();
            assertEquals(sha256(bytes), put.get(20, TimeUnit.SECONDS).sha256());
            assertArrayEquals(bytes, readAll(key, bytes.length));
        } finally {
            proceed.countDown();
            pool.shutdownNow();
        }
    }

    // ---- create-only

    @Test
    void putRefusesALiveKeyAndKeepsTheOriginal() throws IOException {
        ArtifactKey key = ArtifactKey.of("once/only.bin");
        byte[] original = content("original", 10_000);
        StoredArtifact stored = storage.put(key, new ByteArrayInputStream(original), NO_LIMIT);
        assertThrows(ConflictException.class, () -> storage.put(key, new ByteArrayInputStream(content("other", 5)),
                NO_LIMIT));
        assertEquals(Optional.of(stored), storage.stat(key));
        assertArrayEquals(original, readAll(key, original.length));
    }

    @Test
    void putRefusesADeletedKeyWhichStillRestoresToTheOriginal() throws IOException {
        ArtifactKey key = ArtifactKey.of("once/deleted.bin");
        byte[] original = content("original", 10_000);
        StoredArtifact stored = storage.put(key, new ByteArrayInputStream(original), NO_LIMIT);
        assertTrue(storage.delete(key));
        assertThrows(ConflictException.class, () -> storage.put(key, new ByteArrayInputStream(content("x", 5)),
                NO_LIMIT));
        assertTrue(storage.restore(key));
        assertEquals(Optional.of(stored), storage.stat(key), "metadata survives delete and restore");
        assertArrayEquals(original, readAll(key, original.length));
    }

    @Test
    void aPurgedKeyCanBeStoredAgain() throws IOException {
        ArtifactKey key = ArtifactKey.of("reused.bin");
        storage.put(key, new ByteArrayInputStream(content("first", 3000)), NO_LIMIT);
        assertTrue(storage.purge(key));
        byte[] second = content("second", 4000);
        assertEquals(sha256(second), storage.put(key, new ByteArrayInputStream(second), NO_LIMIT).sha256());
        assertArrayEquals(second, readAll(key, second.length));
    }

    @Test
    void keysThatNestOrResembleInternalNamesAreIndependent() throws IOException {
        List<String> names = List.of("a", "a/b", "a/b/c", "a.meta", "a/data", "a/meta.json", "a.tmp", "tmp/a",
                "objects/a", "trash/a", "a/b.part", "-", "_", "a..b", "x" + ".y".repeat(60));
        for (String name : names) {
            storage.put(ArtifactKey.of(name), new ByteArrayInputStream(content(name, name.length() * 100)), NO_LIMIT);
        }
        assertTrue(storage.delete(ArtifactKey.of("a")));
        assertTrue(storage.purge(ArtifactKey.of("a/b")));
        for (String name : names) {
            ArtifactKey key = ArtifactKey.of(name);
            if (name.equals("a") || name.equals("a/b")) {
                assertEquals(Optional.empty(), storage.stat(key), name);
            } else {
                assertArrayEquals(content(name, name.length() * 100), readAll(key, name.length() * 100L), name);
            }
        }
        assertTrue(storage.restore(ArtifactKey.of("a")));
        assertArrayEquals(content("a", 100), readAll(ArtifactKey.of("a"), 100));
    }

    // ---- ranged reads

    @Test
    void rangedReadsReturnExactlyTheRange() throws IOException {
        ArtifactKey key = ArtifactKey.of("ranges.bin");
        byte[] bytes = content("ranges", 200_003);
        storage.put(key, new ByteArrayInputStream(bytes), NO_LIMIT);
        int size = bytes.length;
        int[][] ranges = {{0, 1}, {0, 100}, {0, size}, {1000, 5000}, {65535, 65538}, {size - 1, 1},
                {size - 777, 777}, {0, 0}, {12_345, 0}, {size, 0}};
        for (int[] r : ranges) {
            try (InputStream in = storage.open(key, r[0], r[1])) {
                assertArrayEquals(Arrays.copyOfRange(bytes, r[0], r[0] + r[1]), in.readAllBytes(),
                        "range " + r[0] + "+" + r[1]);
                assertEquals(-1, in.read(), "nothing after the range");
            }
        }
        try (InputStream in = storage.open(key, 100_000, 10)) {
            for (int i = 0; i < 10; i++) {
                assertEquals(bytes[100_000 + i] & 0xff, in.read(), "single-byte read " + i);
            }
            assertEquals(-1, in.read());
        }
    }

    @Test
    void rangesOutsideTheArtifactAreRefused() throws IOException {
        ArtifactKey key = ArtifactKey.of("bounds.bin");
        int size = 1000;
        storage.put(key, new ByteArrayInputStream(content("bounds", size)), NO_LIMIT);
        long[][] ranges = {{-1, 1}, {0, -1}, {0, size + 1}, {size, 1}, {size + 1, 0}, {size - 1, 2}};
        for (long[] r : ranges) {
            assertThrows(InvalidInputException.class, () -> storage.open(key, r[0], r[1]).close(),
                    "range " + r[0] + "+" + r[1]);
        }
    }

    /** A range whose end passes {@code Long.MAX_VALUE} must not wrap around into a small, "valid" one. */
    @Test
    protected void rangesWhoseEndOverflowsAreRefused() throws IOException {
        ArtifactKey key = ArtifactKey.of("overflow.bin");
        storage.put(key, new ByteArrayInputStream(content("overflow", 1000)), NO_LIMIT);
        assertThrows(InvalidInputException.class, () -> storage.open(key, 1, Long.MAX_VALUE).close());
        assertThrows(InvalidInputException.class, () -> storage.open(key, Long.MAX_VALUE, 1).close());
    }

    // ---- open, stat, delete, restore, purge

    @Test
    void missingAndDeletedArtifactsAreNotFound() throws IOException {
        ArtifactKey key = ArtifactKey.of("lifecycle.bin");
        assertThrows(NotFoundException.class, () -> storage.open(key, 0, 0));
        StoredArtifact stored = storage.put(key, new ByteArrayInputStream(content("life", 2000)), NO_LIMIT);
        assertTrue(storage.delete(key));
        assertEquals(Optional.empty(), storage.stat(key));
        assertThrows(NotFoundException.class, () -> storage.open(key, 0, 1));
        assertTrue(storage.restore(key));
        assertEquals(Optional.of(stored), storage.stat(key));
        assertTrue(storage.purge(key));
        assertEquals(Optional.empty(), storage.stat(key));
        assertThrows(NotFoundException.class, () -> storage.open(key, 0, 0));
    }

    @Test
    void deleteRestoreAndPurgeAreIdempotentAndSayWhetherTheyChangedAnything() throws IOException {
        ArtifactKey key = ArtifactKey.of("idem/potent.bin");
        assertFalse(storage.delete(key), "delete of a missing key");
        assertFalse(storage.restore(key), "restore of a missing key");
        assertFalse(storage.purge(key), "purge of a missing key");

        storage.put(key, new ByteArrayInputStream(content("idem", 5000)), NO_LIMIT);
        assertFalse(storage.restore(key), "restore of a live key");
        assertTrue(storage.delete(key));
        assertFalse(storage.delete(key), "second delete");
        assertTrue(storage.restore(key));
        assertFalse(storage.restore(key), "second restore");
        assertTrue(storage.delete(key));
        assertTrue(storage.purge(key), "purge of a deleted key");
        assertFalse(storage.purge(key), "second purge");
        assertFalse(storage.restore(key), "restore after purge");
        assertFalse(storage.delete(key), "delete after purge");

        storage.put(key, new ByteArrayInputStream(content("idem", 5000)), NO_LIMIT);
        assertTrue(storage.purge(key), "purge of a live key");
        assertNothingAt(key);
    }

    // ---- concurrency

    @Test
    @Timeout(60)
    void concurrentPutsOfOneKeyHaveExactlyOneWinner() throws Exception {
        int threads = 8;
        for (int round = 0; round < 10; round++) {
            ArtifactKey key = ArtifactKey.of("race/" + round + ".bin");
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Callable<Optional<StoredArtifact>>> puts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                byte[] bytes = content("racer-" + t, 20_000 + 1000 * t);
                puts.add(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    try {
                        return Optional.of(storage.put(key, new ByteArrayInputStream(bytes), NO_LIMIT));
                    } catch (ConflictException lost) {
                        return Optional.empty();
                    }
                });
            }
            List<StoredArtifact> winners = runAll(puts).stream().flatMap(Optional::stream).toList();
            assertEquals(1, winners.size(), "round " + round + ": winners " + winners);
            assertEquals(Optional.of(winners.get(0)), storage.stat(key));
            assertEquals(winners.get(0).sha256(), sha256(readAll(key, winners.get(0).size())),
                    "the stored bytes are the winner's");
        }
    }

    @Test
    @Timeout(60)
    void concurrentPutsOfDifferentKeysAllSucceed() throws Exception {
        int threads = 8;
        int perThread = 16;
        List<Callable<List<StoredArtifact>>> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            writers.add(() -> {
                List<StoredArtifact> stored = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    String name = "many/" + thread + "/" + i + ".bin";
                    byte[] bytes = content(name, 1000 * (i * threads + thread));
                    stored.add(storage.put(ArtifactKey.of(name), new ByteArrayInputStream(bytes), NO_LIMIT));
                }
                return stored;
            });
        }
        List<StoredArtifact> all = runAll(writers).stream().flatMap(List::stream).toList();
        assertEquals(threads * perThread, all.size());
        for (StoredArtifact stored : all) {
            byte[] expected = content(stored.key().value(), (int) stored.size());
            assertEquals(sha256(expected), stored.sha256(), stored.key().value());
            assertArrayEquals(expected, readAll(stored.key(), stored.size()), stored.key().value());
        }
    }

    @Test
    @Timeout(60)
    void concurrentDeletesOfOneKeyChangeItOnce() throws Exception {
        // Many rounds: a lost race shows up in a few of them, rarely in one.
        for (int round = 0; round < 25; round++) {
            ArtifactKey key = ArtifactKey.of("race/delete-" + round + ".bin");
            storage.put(key, new ByteArrayInputStream(content("del", 1000)), NO_LIMIT);
            CyclicBarrier start = new CyclicBarrier(8);
            List<Callable<Boolean>> deletes = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                deletes.add(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return storage.delete(key);
                });
            }
            assertEquals(1, runAll(deletes).stream().filter(changed -> changed).count(),
                    "deletes that changed " + key.value());
            assertEquals(Optional.empty(), storage.stat(key));
            assertTrue(storage.restore(key));
        }
    }

    // ---- helpers

    private interface Case {
        void run(int value) throws Exception;
    }

    /** One dynamic test per value; they share the storage, so each case uses keys of its own. */
    private static Stream<DynamicTest> cases(IntFunction<String> name, Case body, int... values) {
        return IntStream.of(values).mapToObj(v -> DynamicTest.dynamicTest(name.apply(v), () -> body.run(v)));
    }

    private void assertNothingAt(ArtifactKey key) throws IOException {
        assertEquals(Optional.empty(), storage.stat(key), key + " is invisible");
        assertThrows(NotFoundException.class, () -> storage.open(key, 0, 0), key + " cannot be opened");
        assertFalse(storage.restore(key), key + " was not kept as deleted");
        assertFalse(storage.delete(key), key + " is not live");
    }

    private byte[] readAll(ArtifactKey key, long size) throws IOException {
        try (InputStream in = storage.open(key, 0, size)) {
            return in.readAllBytes();
        }
    }

    private static <T> List<T> runAll(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> f : pool.invokeAll(tasks)) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
