package io.voyagerota.testkit;

import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.ArtifactStorage;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Optional;

import static io.voyagerota.testkit.ArtifactStreams.content;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link ArtifactStorage#openChannel} clause, which zero-copy downloads rely on: a store either has no file
 * behind its artifacts (and says so with an empty answer for every key) or hands out a channel that holds exactly
 * the artifact's bytes, never one for a missing or deleted artifact, and one that keeps its bytes when the artifact
 * is deleted while it is open (a download in progress finishes). {@link ArtifactStorageCompatibilityKit} runs these
 * for every adapter.
 */
public abstract class ArtifactChannelKit {
    private static final ArtifactKey KEY = ArtifactKey.of("products/p/releases/r1/firmware.bin");

    /** The storage under test, fresh and empty for each test. */
    protected abstract ArtifactStorage storage();

    @Test
    void aChannelHoldsExactlyTheArtifactAndSendsAnyRange() throws IOException {
        byte[] bytes = content("channel", 200_003);
        storage().put(KEY, new ByteArrayInputStream(bytes), Long.MAX_VALUE);
        Optional<FileChannel> opened = storage().openChannel(KEY);
        if (opened.isEmpty()) {
            return; // a store without files: downloads go through open(), which the main kit covers
        }
        try (FileChannel channel = opened.get()) {
            assertEquals(bytes.length, channel.size());
            assertArrayEquals(slice(bytes, 0, bytes.length), transfer(channel, 0, bytes.length));
            assertArrayEquals(slice(bytes, 123_457, 1000), transfer(channel, 123_457, 1000),
                    "a range from the middle, read without what comes before");
            assertArrayEquals(slice(bytes, bytes.length - 1, 1), transfer(channel, bytes.length - 1, 1));
        }
    }

    @Test
    void missingAndDeletedArtifactsHaveNoChannel() throws IOException {
        assertEquals(Optional.empty(), storage().openChannel(ArtifactKey.of("missing")));
        storage().put(KEY, new ByteArrayInputStream(content("deleted", 10)), Long.MAX_VALUE);
        storage().delete(KEY);
        assertEquals(Optional.empty(), storage().openChannel(KEY), "a deleted artifact");
        storage().restore(KEY);
        storage().openChannel(KEY).ifPresent(this::closeQuietly);
        storage().purge(KEY);
        assertEquals(Optional.empty(), storage().openChannel(KEY), "a purged artifact");
    }

    @Test
    void aChannelOpenWhenItsArtifactIsDeletedKeepsItsBytes() throws IOException {
        byte[] bytes = content("kept", 70_001);
        storage().put(KEY, new ByteArrayInputStream(bytes), Long.MAX_VALUE);
        Optional<FileChannel> opened = storage().openChannel(KEY);
        if (opened.isEmpty()) {
            return;
        }
        try (FileChannel channel = opened.get()) {
            assertTrue(storage().delete(KEY));
            assertArrayEquals(bytes, transfer(channel, 0, bytes.length));
        }
    }

    private static byte[] transfer(FileChannel channel, long position, long count) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        WritableByteChannel target = Channels.newChannel(out);
        long sent = 0;
        while (sent < count) {
            long n = channel.transferTo(position + sent, count - sent, target);
            assertTrue(n > 0, "transferTo stalled at " + sent + " of " + count + " bytes");
            sent += n;
        }
        return out.toByteArray();
    }

    private static byte[] slice(byte[] bytes, int from, int length) {
        byte[] part = new byte[length];
        System.arraycopy(bytes, from, part, 0, length);
        return part;
    }

    private void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // a read-only channel: nothing was written that closing could lose
        }
    }
}
