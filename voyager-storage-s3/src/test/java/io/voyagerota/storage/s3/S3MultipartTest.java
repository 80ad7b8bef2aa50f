package io.voyagerota.storage.s3;

import io.voyagerota.ConflictException;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.ArtifactTooLargeException;
import io.voyagerota.spi.StoredArtifact;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.voyagerota.testkit.ArtifactStreams.content;
import static io.voyagerota.testkit.ArtifactStreams.failingAfter;
import static io.voyagerota.testkit.ArtifactStreams.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Artifacts larger than one part (S3's minimum of 5 MiB here): the staged multipart upload, the server-side copy
 * that publishes it, and what is left in the bucket when an upload fails or is refused (nothing).
 */
class S3MultipartTest {
    private static final int PART = S3StorageConfig.MIN_PART_SIZE;
    private static final long NO_LIMIT = Long.MAX_VALUE;

    private S3ArtifactStorage storage;
    private S3Client s3;
    private String bucket;

    @BeforeEach
    void start() throws Exception {
        S3ProxyServer server = S3ProxyServer.shared();
        S3StorageConfig config = server.config().prefix("fw").partSize(PART).build();
        bucket = config.bucket();
        s3 = server.client();
        // Copies in parts of the minimum size too, so a 12 MiB artifact is copied in three parts.
        storage = S3ArtifactStorage.builder(config)
                .staticCredentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)
                .copyPartSize(PART)
                .build();
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void aLargeArtifactIsStoredInPartsAndReadsBackWholeAndInRanges() throws IOException {
        ArtifactKey key = ArtifactKey.of("big/firmware.bin");
        byte[] bytes = content("big", 2 * PART + 2 * 1024 * 1024 + 17);
        StoredArtifact stored = storage.put(key, new ByteArrayInputStream(bytes), NO_LIMIT);

        assertEquals(bytes.length, stored.size());
        assertEquals(sha256(bytes), stored.sha256());
        assertEquals(Optional.of(stored), storage.stat(key));
        assertArrayEquals(bytes, read(key, 0, bytes.length));
        for (long[] r : new long[][] {{PART - 10, 20}, {2L * PART - 1, 2}, {bytes.length - 5, 5}}) {
            assertArrayEquals(Arrays.copyOfRange(bytes, (int) r[0], (int) (r[0] + r[1])), read(key, r[0], r[1]),
                    "range " + r[0] + "+" + r[1] + " across part boundaries");
        }
        assertBucketHoldsOnly("fw/objects/big/firmware.bin@");
    }

    @Test
    void anArtifactOfExactlyOnePartIsStored() throws IOException {
        byte[] bytes = content("one part", PART);
        StoredArtifact stored = storage.put(ArtifactKey.of("exact.bin"), new ByteArrayInputStream(bytes), PART);
        assertEquals(sha256(bytes), stored.sha256());
        assertArrayEquals(bytes, read(ArtifactKey.of("exact.bin"), 0, PART));
        assertBucketHoldsOnly("fw/objects/exact.bin@");
    }

    @Test
    void anUploadInterruptedAfterTwoPartsLeavesNoObjectAndNoMultipartUpload() throws IOException {
        ArtifactKey key = ArtifactKey.of("broken/firmware.bin");
        byte[] bytes = content("broken", 3 * PART);
        IOException e = assertThrows(IOException.class,
                () -> storage.put(key, failingAfter(bytes, 2 * PART + 1000), NO_LIMIT));
        assertTrue(e.getMessage().contains("connection reset"), e.getMessage());

        assertEquals(Optional.empty(), storage.stat(key));
        assertBucketHoldsOnly();
        assertEquals(List.of(), s3.listMultipartUploads(b -> b.bucket(bucket)).uploads(),
                "no multipart upload in progress");
        assertEquals(sha256(bytes), storage.put(key, new ByteArrayInputStream(bytes), NO_LIMIT).sha256(),
                "the key is free");
    }

    @Test
    void anUploadPastTheLimitInItsThirdPartIsAbortedAndLeavesNothing() {
        ArtifactKey key = ArtifactKey.of("huge.bin");
        byte[] bytes = content("huge", 3 * PART);
        long limit = 2L * PART + 1;
        assertThrows(ArtifactTooLargeException.class,
                () -> storage.put(key, new ByteArrayInputStream(bytes), limit));
        assertEquals(Optional.empty(), storage.stat(key));
        assertBucketHoldsOnly();
        assertEquals(List.of(), s3.listMultipartUploads(b -> b.bucket(bucket)).uploads());
    }

    @Test
    void deleteAndRestoreCopyALargeArtifactInPartsAndKeepItsMetadata() throws IOException {
        ArtifactKey key = ArtifactKey.of("moved.bin");
        byte[] bytes = content("moved", 2 * PART + 3);
        StoredArtifact stored = storage.put(key, new ByteArrayInputStream(bytes), NO_LIMIT);

        assertTrue(storage.delete(key));
        assertBucketHoldsOnly("fw/trash/moved.bin@");
        assertTrue(storage.restore(key));
        assertBucketHoldsOnly("fw/objects/moved.bin@");
        assertEquals(Optional.of(stored), storage.stat(key));
        assertArrayEquals(bytes, read(key, 0, bytes.length));
    }

    @Test
    @Timeout(120)
    void ofConcurrentLargePutsOfOneKeyExactlyOneWinsAndNoPartIsLeft() throws Exception {
        ArtifactKey key = ArtifactKey.of("race.bin");
        int threads = 4;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<byte[]> contents = new ArrayList<>();
        List<Future<Optional<StoredArtifact>>> puts = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                byte[] bytes = content("racer " + t, PART + 1000 * t + 1);
                contents.add(bytes);
                puts.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    try {
                        return Optional.of(storage.put(key, new ByteArrayInputStream(bytes), NO_LIMIT));
                    } catch (ConflictException lost) {
                        return Optional.empty();
                    }
                }));
            }
            List<StoredArtifact> winners = new ArrayList<>();
            for (Future<Optional<StoredArtifact>> put : puts) {
                put.get(100, TimeUnit.SECONDS).ifPresent(winners::add);
            }
            assertEquals(1, winners.size(), "winners " + winners);
            StoredArtifact winner = winners.get(0);
            byte[] expected = contents.stream().filter(c -> sha256(c).equals(winner.sha256())).findFirst()
                    .orElseThrow();
            assertArrayEquals(expected, read(key, 0, expected.length), "the stored bytes are the winner's");
            assertBucketHoldsOnly("fw/objects/race.bin@");
            assertEquals(List.of(), s3.listMultipartUploads(b -> b.bucket(bucket)).uploads());
        } finally {
            pool.shutdownNow();
        }
    }

    private byte[] read(ArtifactKey key, long offset, long length) throws IOException {
        try (InputStream in = storage.open(key, offset, length)) {
            return in.readAllBytes();
        }
    }

    private void assertBucketHoldsOnly(String... keys) {
        List<String> listed = s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream()
                .map(o -> o.key()).sorted().toList();
        assertEquals(List.of(keys), listed, "objects in the bucket");
    }
}
