package io.voyagerota.storage.s3;

import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.StoredArtifact;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.voyagerota.testkit.ArtifactStreams.content;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What is in the bucket: the layout the docs promise, objects Voyager did not write, and the states a process killed
 * halfway through a delete or a restore leaves, which the next attempt completes.
 */
class S3LayoutTest {
    private static final ArtifactKey KEY = ArtifactKey.of("locker/1.2.0/firmware.bin");
    private static final String LIVE = "v/objects/locker/1.2.0/firmware.bin@";
    private static final String TRASH = "v/trash/locker/1.2.0/firmware.bin@";

    private S3ProxyServer server;
    private S3ArtifactStorage storage;
    private S3Client s3;
    private String bucket;

    @BeforeEach
    void start() throws Exception {
        server = S3ProxyServer.shared();
        S3StorageConfig config = server.config().prefix("v/").build();
        bucket = config.bucket();
        s3 = server.client();
        storage = server.storage(config);
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void anArtifactIsOneObjectWithItsHashAndTimeAsMetadata() throws IOException {
        StoredArtifact stored = storage.put(KEY, new ByteArrayInputStream(content("fw", 5000)), 5000);
        assertEquals(List.of(LIVE), objects());
        Map<String, String> metadata = s3.headObject(b -> b.bucket(bucket).key(LIVE)).metadata();
        assertEquals(stored.sha256(), metadata.get("voyager-sha256"));
        assertEquals(stored.storedAt().toString(), metadata.get("voyager-stored-at"));

        storage.delete(KEY);
        assertEquals(List.of(TRASH), objects());
        storage.purge(KEY);
        assertEquals(List.of(), objects());
    }

    @Test
    void storagesUnderDifferentPrefixesOfOneBucketAreIndependent() throws IOException {
        try (S3ArtifactStorage neighbour = server.storage(S3StorageConfig.builder(bucket)
                .endpoint(server.endpoint()).region("us-east-1").pathStyleAccess(true).prefix("other").build())) {
            storage.put(KEY, new ByteArrayInputStream(content("mine", 10)), 10);
            assertEquals(Optional.empty(), neighbour.stat(KEY));
            neighbour.put(KEY, new ByteArrayInputStream(content("theirs", 20)), 20);
            assertEquals(10, storage.stat(KEY).orElseThrow().size());
            assertEquals(20, neighbour.stat(KEY).orElseThrow().size());
        }
    }

    @Test
    void anObjectVoyagerDidNotWriteIsReportedNotServed() {
        s3.putObject(b -> b.bucket(bucket).key(LIVE), RequestBody.fromString("dropped here by hand"));
        S3LayoutException e = assertThrows(S3LayoutException.class, () -> storage.stat(KEY));
        assertTrue(e.getMessage().contains(LIVE), e.getMessage());
        assertThrows(S3LayoutException.class, () -> storage.delete(KEY));
        assertEquals(List.of(LIVE), objects(), "nothing was moved");
    }

    @Test
    void aDeleteCutOffAfterItsCopyIsCompletedByTheNextDelete() throws IOException {
        StoredArtifact stored = storage.put(KEY, new ByteArrayInputStream(content("fw", 3000)), 3000);
        copyBehindTheStoragesBack(LIVE, TRASH);

        assertTrue(storage.delete(KEY));
        assertEquals(List.of(TRASH), objects());
        assertFalse(storage.delete(KEY));
        assertTrue(storage.restore(KEY));
        assertEquals(Optional.of(stored), storage.stat(KEY));
    }

    @Test
    void aRestoreCutOffAfterItsCopyIsCompletedByTheNextRestore() throws IOException {
        StoredArtifact stored = storage.put(KEY, new ByteArrayInputStream(content("fw", 3000)), 3000);
        storage.delete(KEY);
        copyBehindTheStoragesBack(TRASH, LIVE);

        assertTrue(storage.restore(KEY));
        assertEquals(List.of(LIVE), objects());
        assertEquals(Optional.of(stored), storage.stat(KEY));
        assertFalse(storage.restore(KEY));
    }

    @Test
    void aLiveAndADeletedArtifactThatDifferAreReportedAndLeftAlone() throws IOException {
        storage.put(KEY, new ByteArrayInputStream(content("fw", 3000)), 3000);
        storage.delete(KEY);
        storage.put(ArtifactKey.of("impostor"), new ByteArrayInputStream(content("impostor", 10)), 10);
        copyBehindTheStoragesBack("v/objects/impostor@", LIVE);

        S3LayoutException e = assertThrows(S3LayoutException.class, () -> storage.restore(KEY));
        assertTrue(e.getMessage().contains("different contents"), e.getMessage());
        assertThrows(S3LayoutException.class, () -> storage.delete(KEY));
        assertEquals(List.of("v/objects/impostor@", LIVE, TRASH), objects());
        assertTrue(storage.purge(KEY), "purge still clears the key");
        assertEquals(List.of("v/objects/impostor@"), objects());
    }

    @Test
    void verifyStorePassesOnAStoreWithConditionalWritesAndLeavesNothing() throws IOException {
        storage.verifyStore();
        assertEquals(List.of(), objects());
    }

    @Test
    void verifyStoreReportsAMissingBucketAndWrongCredentials() {
        try (S3ArtifactStorage noBucket = server.storage(S3StorageConfig.builder("no-such-bucket")
                .endpoint(server.endpoint()).region("us-east-1").pathStyleAccess(true).build())) {
            IOException e = assertThrows(IOException.class, noBucket::verifyStore);
            assertTrue(e.getMessage().contains("no-such-bucket"), e.getMessage());
        }
        try (S3ArtifactStorage wrongKey = S3ArtifactStorage.builder(server.config().build())
                .staticCredentials(S3ProxyServer.ACCESS_KEY, "not-the-secret").build()) {
            IOException e = assertThrows(IOException.class, wrongKey::verifyStore);
            assertTrue(e.getMessage().contains("403"), e.getMessage());
        }
    }

    private void copyBehindTheStoragesBack(String from, String to) {
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket).destinationKey(to));
    }

    private List<String> objects() {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(o -> o.key()).sorted()
                .toList();
    }
}
