package io.voyagerota.storage.fs;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import io.voyagerota.NotFoundException;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.StoredArtifact;
import io.voyagerota.testkit.Generated;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A disk that fills up, fails to fsync or rename, or stalls: nothing half-done becomes visible or blocks others. */
class FaultyDiskTest {
    private static final ArtifactKey KEY = ArtifactKey.of("locker/2.0.0/firmware.bin");

    private FaultyFileSystem disk;
    private FileSystemArtifactStorage storage;
    private Path root;

    @BeforeEach
    void build() throws IOException {
        disk = new FaultyFileSystem(Jimfs.newFileSystem(Configuration.unix()));
        storage = FileSystemArtifactStorage.builder(disk.getPath("/store")).build();
        root = storage.root();
    }

    @AfterEach
    void close() throws IOException {
        disk.close();
    }

    @Test
    void aFullDiskFailsThePutAndLeavesTheKeyFree() throws IOException {
        disk.writeBudget.set(100_000);
        IOException full = assertThrows(IOException.class, () -> storage.put(KEY, new Generated(1, 300_000), 1 << 20));
        assertTrue(full.getMessage().contains("No space left"), full.getMessage());
        assertNothingLeft();

        disk.writeBudget.set(Long.MAX_VALUE);
        assertEquals(Generated.sha256(1, 300_000), storage.put(KEY, new Generated(1, 300_000), 1 << 20).sha256());
    }

    @Test
    void aFailedFsyncFailsThePutBeforeAnythingIsVisible() throws IOException {
        disk.failForce = true;
        assertThrows(IOException.class, () -> storage.put(KEY, new Generated(2, 5000), 1 << 20));
        assertNothingLeft();
        disk.failForce = false;
        storage.put(KEY, new Generated(2, 5000), 1 << 20);
        assertTrue(storage.stat(KEY).isPresent());
    }

    @Test
    void aFailedRenameFailsThePutAndLeavesNothing() throws IOException {
        disk.failMove = (source, target) -> target.startsWith(root.resolve("objects"));
        assertThrows(IOException.class, () -> storage.put(KEY, new Generated(3, 5000), 1 << 20));
        assertNothingLeft();
    }

    @Test
    void aFailedRenameLeavesADeleteUndoneAndTheArtifactReadable() throws IOException {
        StoredArtifact stored = storage.put(KEY, new Generated(4, 5000), 1 << 20);
        disk.failMove = (source, target) -> target.startsWith(root.resolve("trash"));
        assertThrows(IOException.class, () -> storage.delete(KEY));
        assertEquals(Optional.of(stored), storage.stat(KEY));
        disk.failMove = (source, target) -> false;
        assertTrue(storage.delete(KEY), "the retried delete (as the outbox does) succeeds");
    }

    @Test
    void aPurgeThatCannotStartChangesNothing() throws IOException {
        StoredArtifact stored = storage.put(KEY, new Generated(5, 5000), 1 << 20);
        disk.failMove = (source, target) -> target.getFileName().toString().startsWith("purge-");
        assertThrows(IOException.class, () -> storage.purge(KEY));
        assertEquals(Optional.of(stored), storage.stat(KEY));
    }

    @Test
    void aPurgeThatCannotRemoveTheBytesSaysSoAndRecoverFinishesIt() throws IOException {
        storage.put(KEY, new Generated(5, 5000), 1 << 20);
        disk.failDelete = path -> path.toString().contains("purge-");
        IOException failed = assertThrows(IOException.class, () -> storage.purge(KEY));
        assertTrue(failed.getMessage().contains("recover()"), failed.getMessage());
        assertEquals(Optional.empty(), storage.stat(KEY), "out of sight all the same");
        assertFalse(storage.purge(KEY), "a retried purge finds nothing to do");
        assertEquals(1, FileSystemArtifactStorageTest.entries(root.resolve("tmp")).size());

        disk.failDelete = path -> false;
        assertEquals(1, storage.recover(Duration.ZERO).size());
        assertEquals(List.of(), FileSystemArtifactStorageTest.entries(root.resolve("tmp")));
    }

    @Test
    @Timeout(60)
    void aStalledWriteBlocksOnlyItsOwnPut() throws Exception {
        ArtifactKey other = ArtifactKey.of("locker/1.0.0/firmware.bin");
        StoredArtifact existing = storage.put(other, new Generated(6, 20_000), 1 << 20);
        AtomicReference<Path> victim = new AtomicReference<>();
        disk.stallWrites = path -> path.getFileName().toString().equals("data")
                && (victim.compareAndSet(null, path) || path.equals(victim.get()));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<StoredArtifact> slow = pool.submit(() -> storage.put(KEY, new Generated(7, 50_000), 1 << 20));
            assertTrue(disk.stalled.await(20, TimeUnit.SECONDS), "the slow put reached the disk");

            ArtifactKey third = ArtifactKey.of("locker/3.0.0/firmware.bin");
            assertEquals(Generated.sha256(8, 30_000), storage.put(third, new Generated(8, 30_000), 1 << 20).sha256());
            assertEquals(Optional.of(existing), storage.stat(other));
            try (InputStream in = storage.open(other, 100, 100)) {
                assertEquals(100, in.readAllBytes().length);
            }
            assertTrue(storage.delete(other));
            assertTrue(storage.restore(other));
            assertEquals(List.of(), storage.recover(Duration.ZERO), "the stalled put is in flight, not a leftover");
            assertEquals(Optional.empty(), storage.stat(KEY), "the stalled artifact is not visible yet");

            disk.release.countDown();
            assertEquals(Generated.sha256(7, 50_000), slow.get(20, TimeUnit.SECONDS).sha256());
        } finally {
            disk.release.countDown();
            pool.shutdownNow();
        }
    }

    private void assertNothingLeft() throws IOException {
        assertEquals(Optional.empty(), storage.stat(KEY));
        assertThrows(NotFoundException.class, () -> storage.open(KEY, 0, 0));
        assertEquals(List.of(), FileSystemArtifactStorageTest.entries(root.resolve("tmp")), "temp files removed");
        assertEquals(List.of(), FileSystemArtifactStorageTest.entries(root.resolve("objects")));
    }
}
