package io.voyagerota.jdbc;

import io.voyagerota.Voyager;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseDraft;
import io.voyagerota.memory.InMemoryArtifactStorage;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.testing.ForwardingArtifactStorage;
import io.voyagerota.testing.MutableClock;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The classic dual write: deleting or restoring a staging release changes the database and the artifact store.
 * Storage fails right after the database commit; the outbox relay retries until both agree, and never before the
 * commit is visible.
 */
class DualWriteTest extends DatabaseTest {

    private final MutableClock clock = MutableClock.create();

    @Override
    Dialect dialect() {
        return Dialect.H2;
    }

    /** Storage whose delete and restore fail while {@code failures} is above zero. */
    private static final class FailingAfterCommit extends ForwardingArtifactStorage {
        final AtomicInteger failures = new AtomicInteger();

        FailingAfterCommit(ArtifactStorage delegate) {
            super(delegate);
        }

        private void maybeFail(String op) throws IOException {
            if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IOException(op + ": storage unreachable");
            }
        }

        @Override
        public boolean delete(ArtifactKey key) throws IOException {
            maybeFail("delete");
            return delegate.delete(key);
        }

        @Override
        public boolean restore(ArtifactKey key) throws IOException {
            maybeFail("restore");
            return delegate.restore(key);
        }
    }

    @Test
    void deleteAndRestoreOfAStagingReleaseConvergeAfterStorageFailures() throws IOException {
        FailingAfterCommit storage = new FailingAfterCommit(new InMemoryArtifactStorage(clock));
        Voyager voyager = Voyager.builder().registry(registry).artifactStorage(storage).clock(clock).build();
        voyager.products().create(Product.of("locker", "Smart locker",
                new HardwareModel("locker-s3", Chip.ESP32_S3)));
        Release draft = voyager.releases().create(ReleaseDraft.builder("locker", Version.parse("1.2.0")).build());
        try (InputStream in = new Esp32ImageBuilder().chip(Chip.ESP32_S3).version("1.2.0").build().file().open()) {
            voyager.releases().upload(draft.id(), in, Optional.empty());
        }
        Release staged = voyager.releases().stage(draft.id());
        ArtifactKey key = ArtifactKey.of(staged.artifact().orElseThrow().key());

        storage.failures.set(2);
        voyager.releases().delete(staged.id());
        assertTrue(registry.catalog().findRelease(staged.id()).orElseThrow().deleted(), "the database committed");
        assertTrue(storage.stat(key).isPresent(), "the store has not been told yet");

        voyager.relayOutbox(); // storage fails: the event stays due for a retry
        OutboxEvent pending = registry.outbox().list(OutboxState.PENDING, 10).get(0);
        assertEquals(1, pending.attempts());
        assertTrue(pending.lastError().orElseThrow().contains("storage unreachable"));
        assertTrue(storage.stat(key).isPresent());

        drain(voyager);
        assertEquals(Optional.empty(), storage.stat(key), "after retries the store agrees: hidden");
        assertTrue(registry.catalog().findRelease(staged.id()).orElseThrow().deleted());

        storage.failures.set(3);
        voyager.releases().restore(staged.id());
        assertFalse(registry.catalog().findRelease(staged.id()).orElseThrow().deleted());
        drain(voyager);
        assertTrue(storage.stat(key).isPresent(), "after retries the store agrees: visible again");
        assertEquals(0L, registry.outbox().counts().get(OutboxState.PENDING));
        assertEquals(0L, registry.outbox().counts().get(OutboxState.FAILED));
        assertEquals(6L, registry.outbox().counts().get(OutboxState.PROCESSED),
                "staging's trigger, the delete, the restore and the testers' trigger on restoring, and the chunk"
                        + " each trigger was split into");
        voyager.close();
    }

    /** Runs the relay, moving the clock past each backoff, until nothing is pending. */
    private void drain(Voyager voyager) {
        for (int round = 0; round < 20 && registry.outbox().counts().get(OutboxState.PENDING) > 0; round++) {
            clock.advance(Duration.ofMinutes(10));
            voyager.relayOutbox();
        }
    }
}
