package io.voyagerota.storage.fs;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.voyagerota.ConflictException;
import io.voyagerota.InvalidInputException;
import io.voyagerota.support.Payloads;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.ArtifactTooLargeException;
import io.voyagerota.spi.StoredArtifact;
import io.voyagerota.testing.MutableClock;
import io.voyagerota.testkit.Generated;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layout, restarts, configuration, zero-copy reads and recovery of the filesystem storage. */
class FileSystemArtifactStorageTest {
    private static final ArtifactKey KEY = ArtifactKey.of("locker/1.2.0/firmware.bin");

    private FileSystem fs;
    private Path root;

    @BeforeEach
    void jimfs() {
        fs = Jimfs.newFileSystem(Configuration.unix());
        root = fs.getPath("/var/lib/voyager/artifacts");
    }

    @AfterEach
    void close() throws IOException {
        fs.close();
    }

    @Test
    void artifactsLiveWhereTheLayoutSaysAndMoveBetweenObjectsAndTrash() throws IOException {
        MutableClock clock = MutableClock.create();
        FileSystemArtifactStorage storage = FileSystemArtifactStorage.builder(root).clock(clock).build();
        byte[] bytes = Generated.bytes(7, 100_000);
        StoredArtifact stored = storage.put(KEY, new ByteArrayInputStream(bytes), Long.MAX_VALUE);

        Path live = root.resolve("objects/locker/1.2.0/firmware.bin@");
        assertArrayEquals(bytes, Files.readAllBytes(live.resolve("data")));
        Map<String, String> meta = Payloads.read(Files.readString(live.resolve("meta.json")));
        assertEquals(Map.of("key", KEY.value(), "size", "100000", "sha256", stored.sha256(),
                "storedAt", clock.instant().toString()), meta);
        assertEquals(List.of(), entries(root.resolve("tmp")), "nothing left in tmp/");

        assertTrue(storage.delete(KEY));
        assertTrue(Files.isRegularFile(root.resolve("trash/locker/1.2.0/firmware.bin@/data")));
        assertEquals(List.of(), entries(root.resolve("objects")), "emptied parents are pruned");
        assertTrue(storage.restore(KEY));
        assertTrue(Files.isRegularFile(live.resolve("data")));
        assertEquals(List.of(), entries(root.resolve("trash")));
        assertTrue(storage.purge(KEY));
        for (String area : List.of("objects", "trash", "tmp")) {
            assertEquals(List.of(), entries(root.resolve(area)), area + " is empty after purge");
        }
    }

    @Test
    void metadataSurvivesARestart(@TempDir Path dir) throws IOException {
        MutableClock clock = MutableClock.create();
        FileSystemArtifactStorage first = FileSystemArtifactStorage.builder(dir).clock(clock).build();
        StoredArtifact stored = first.put(KEY, new Generated(3, 250_000), Long.MAX_VALUE);
        first.put(ArtifactKey.of("deleted.bin"), new Generated(4, 10), Long.MAX_VALUE);
        first.delete(ArtifactKey.of("deleted.bin"));

        clock.advance(Duration.ofDays(3));
        FileSystemArtifactStorage second = FileSystemArtifactStorage.builder(dir).clock(clock).build();
        assertEquals(Optional.of(stored), second.stat(KEY), "size, hash and storedAt as they were");
        assertEquals(Generated.sha256(3, 250_000), stored.sha256());
        assertEquals(Optional.empty(), second.stat(ArtifactKey.of("deleted.bin")));
        assertTrue(second.restore(ArtifactKey.of("deleted.bin")), "deleted artifacts stay restorable");
    }

    @Test
    void theBuilderValidatesItsSettings() throws IOException {
        Path file = fs.getPath("/a-file");
        Files.writeString(file, "x");
        assertThrows(InvalidInputException.class, () -> FileSystemArtifactStorage.builder(file).build());
        assertThrows(InvalidInputException.class,
                () -> FileSystemArtifactStorage.builder(fs.getPath("/not/mounted")).createRoot(false).build());
        assertFalse(Files.exists(fs.getPath("/not/mounted")), "a refused root is not created");
        assertThrows(InvalidInputException.class, () -> FileSystemArtifactStorage.builder(root)
                .staleTempAfter(Duration.ZERO));
        assertThrows(InvalidInputException.class, () -> FileSystemArtifactStorage.builder(root)
                .staleTempAfter(Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> FileSystemArtifactStorage.builder(root).clock(null));

        FileSystemArtifactStorage storage = FileSystemArtifactStorage.builder(fs.getPath("relative/root")).build();
        assertEquals(fs.getPath("relative/root").toAbsolutePath(), storage.root(), "relative roots resolve at build");
        assertThrows(InvalidInputException.class, () -> storage.put(KEY, InputStream.nullInputStream(), -1));
        assertThrows(InvalidInputException.class, () -> storage.recover(Duration.ofSeconds(-1)));
    }

    @Test
    void failedPutsLeaveNothingInTmp() throws IOException {
        FileSystemArtifactStorage storage = FileSystemArtifactStorage.builder(root).build();
        assertThrows(ArtifactTooLargeException.class, () -> storage.put(KEY, new Generated(1, 70_000), 69_999));
        assertThrows(IOException.class, () -> storage.put(KEY, new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        }, 10));
        storage.put(KEY, new Generated(1, 10), 10);
        assertThrows(ConflictException.class, () -> storage.put(KEY, new Generated(2, 10), 10));
        assertEquals(List.of(), entries(root.resolve("tmp")));
    }

    @Test
    void aChannelServesRangesWithoutCopyingAndOutlivesADelete() throws IOException {
        FileSystemArtifactStorage storage = FileSystemArtifactStorage.builder(root).build();
        byte[] bytes = Generated.bytes(9, 300_000);
        storage.put(KEY, new ByteArrayInputStream(bytes), Long.MAX_VALUE);
        assertEquals(Optional.empty(), storage.openChannel(ArtifactKey.of("missing")));

        try (FileChannel channel = storage.openChannel(KEY).orElseThrow()) {
            assertEquals(bytes.length, channel.size());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long sent = 0;
            while (sent < 1000) {
                sent += channel.transferTo(123_456 + sent, 1000 - sent, Channels.newChannel(out));
            }
            assertArrayEquals(Arrays.copyOfRange(bytes, 123_456, 124_456), out.toByteArray());

            assertTrue(storage.delete(KEY));
            assertEquals(Optional.empty(), storage.openChannel(KEY), "deleted: no new channel");
            out.reset();
            channel.transferTo(0, 10, Channels.newChannel(out));
            assertArrayEquals(Arrays.copyOf(bytes, 10), out.toByteArray(), "an open channel keeps reading");
        }
    }

    @Test
    void rangedReadsNeverTouchWhatComesBeforeTheRange() throws IOException {
        FaultyFileSystem faulty = new FaultyFileSystem(fs);
        FileSystemArtifactStorage storage = FileSystemArtifactStorage.builder(faulty.getPath("/store")).build();
        byte[] bytes = Generated.bytes(5, 1 << 20);
        storage.put(KEY, new ByteArrayInputStream(bytes), Long.MAX_VALUE);
        faulty.reads.clear();

        try (InputStream in = storage.open(KEY, 700_000, 200_000)) {
            assertArrayEquals(Arrays.copyOfRange(bytes, 700_000, 900_000), in.readAllBytes());
        }
        List<Long> dataReads = faulty.reads.stream().filter(r -> r[0].toString().endsWith("/data"))
                .map(r -> (Long) r[1]).toList();
        assertFalse(dataReads.isEmpty());
        assertTrue(dataReads.stream().allMatch(position -> position >= 700_000), "read positions " + dataReads);
    }

    @Test
    void recoverRemovesStaleLeftoversOnlyAndSaysWhich() throws IOException {
        FileSystemArtifactStorage storage = FileSystemArtifactStorage.builder(root)
                .staleTempAfter(Duration.ofMinutes(30)).build();
        Instant now = Instant.now();
        Path stalePut = leftover("put-crashed", now.minus(Duration.ofHours(2)));
        Path stalePurge = leftover("purge-crashed", now.minus(Duration.ofMinutes(31)));
        Path recentPut = leftover("put-busy", now.minusSeconds(5));
        Path foreign = leftover("notes-of-an-operator", now.minus(Duration.ofDays(9)));

        assertEquals(sorted(List.of(stalePut, stalePurge)), sorted(storage.recover()));
        assertEquals(sorted(List.of(recentPut, foreign)), sorted(entries(root.resolve("tmp"))));
        assertEquals(List.of(recentPut), storage.recover(Duration.ZERO), "zero: everything of ours, at startup");
        assertEquals(List.of(foreign), entries(root.resolve("tmp")), "never what it did not write");
        assertEquals(List.of(), storage.recover(Duration.ZERO));
    }

    @Test
    @Timeout(30)
    void recoverNeverRemovesThisInstancesPutInFlight() throws Exception {
        FileSystemArtifactStorage storage = FileSystemArtifactStorage.builder(root).build();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        InputStream paused = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent == 1000) {
                    started.countDown();
                    try {
                        proceed.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                return sent++ < 2000 ? sent & 0xff : -1;
            }
        };
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<StoredArtifact> put = pool.submit(() -> storage.put(KEY, paused, Long.MAX_VALUE));
            assertTrue(started.await(20, TimeUnit.SECONDS));
            assertEquals(List.of(), storage.recover(Duration.ZERO));
            proceed.countDown();
            assertEquals(2000, put.get(20, TimeUnit.SECONDS).size());
        } finally {
            proceed.countDown();
            pool.shutdownNow();
        }
    }

    private Path leftover(String name, Instant modified) throws IOException {
        Path dir = Files.createDirectories(root.resolve("tmp").resolve(name));
        Path data = Files.writeString(dir.resolve("data"), "partial", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(data, FileTime.from(modified));
        Files.setLastModifiedTime(dir, FileTime.from(modified));
        return dir;
    }

    static List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> sorted(List<Path> paths) {
        return paths.stream().sorted().toList();
    }
}
