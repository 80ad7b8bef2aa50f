package io.voyagerota.storage.s3;

import io.voyagerota.ConflictException;
import io.voyagerota.InvalidInputException;
import io.voyagerota.NotFoundException;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.StoredArtifact;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import static io.voyagerota.testkit.ArtifactStreams.content;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class S3ReleaseViewTest {
    private static final Version V1 = Version.parse("1.0.0");
    private static final Version V2 = Version.parse("1.1.0");
    private static final ArtifactKey K1 = ArtifactKey.of("esp32s3/1.0.0/firmware.bin");
    private static final ArtifactKey K2 = ArtifactKey.of("esp32s3/1.1.0/firmware.bin");

    private S3ArtifactStorage storage;
    private S3ReleaseView view;
    private S3Client s3;
    private String bucket;
    private StoredArtifact a1;

    @BeforeEach
    void start() throws Exception {
        S3StorageConfig config = S3ProxyServer.shared().config().prefix("store").build();
        bucket = config.bucket();
        s3 = S3ProxyServer.shared().client();
        storage = S3ProxyServer.shared().storage(config);
        a1 = storage.put(K1, new ByteArrayInputStream(content("v1", 70_000)), Long.MAX_VALUE);
        storage.put(K2, new ByteArrayInputStream(content("v2", 80_000)), Long.MAX_VALUE);
        view = S3ReleaseView.create(storage, "ota");
    }

    @AfterEach
    void close() {
        storage.close();
    }

    @Test
    void aPublishedReleaseIsItsImageVersionAndMetadataAndIsNeverRewritten() throws IOException {
        assertTrue(view.publish("esp32s3", V1, K1, Map.of("changelog", "First")));
        assertArrayEquals(content("v1", 70_000), object("ota/esp32s3/releases/v1.0.0/firmware.bin"));
        assertEquals("1.0.0\n", text("ota/esp32s3/releases/v1.0.0/version.txt"));
        String metadata = text("ota/esp32s3/releases/v1.0.0/metadata.json");
        assertTrue(metadata.contains("\"sha256\":\"" + a1.sha256() + "\""), metadata);
        assertTrue(metadata.contains("\"metadata\":{\"changelog\":\"First\"}"), metadata);

        assertFalse(view.publish("esp32s3", V1, K1, Map.of("changelog", "First")), "the same release again");
        assertThrows(ConflictException.class, () -> view.publish("esp32s3", V1, K2, Map.of()));
        assertThrows(ConflictException.class, () -> view.publish("esp32s3", V1, K1, Map.of("changelog", "Other")));
        assertThrows(NotFoundException.class, () -> view.publish("esp32s3", V2, ArtifactKey.of("missing"),
                Map.of()));
    }

    @Test
    void aPublishCutOffBeforeItsMetadataIsCompletedByTheNextOne() throws IOException {
        view.publish("esp32s3", V1, K1, Map.of());
        s3.deleteObject(b -> b.bucket(bucket).key("ota/esp32s3/releases/v1.0.0/metadata.json"));
        assertThrows(NotFoundException.class, () -> view.promote("esp32s3", V1), "not published without it");
        assertTrue(view.publish("esp32s3", V1, K1, Map.of()));
        assertTrue(view.promote("esp32s3", V1));
    }

    @Test
    void promotionSwitchesProductionAndItsPointer() throws IOException {
        view.publish("esp32s3", V1, K1, Map.of());
        view.publish("esp32s3", V2, K2, Map.of());
        assertThrows(NotFoundException.class, () -> view.promote("esp32s3", Version.parse("2.0.0")));
        assertEquals(Optional.empty(), view.production("esp32s3"));

        assertTrue(view.promote("esp32s3", V1));
        assertFalse(view.promote("esp32s3", V1), "already in production");
        assertEquals(Optional.of(V1), view.production("esp32s3"));
        assertTrue(view.promote("esp32s3", V2));
        assertEquals(Optional.of(V2), view.production("esp32s3"));
        assertArrayEquals(content("v2", 80_000), object("ota/esp32s3/production/firmware.bin"));
        assertEquals("1.1.0\n", text("ota/esp32s3/production/version.txt"));
        assertEquals(text("ota/esp32s3/releases/v1.1.0/metadata.json"),
                text("ota/esp32s3/production/metadata.json"));
        String pointer = text("ota/esp32s3/production.json");
        assertTrue(pointer.contains("\"path\":\"releases/v1.1.0/\""), pointer);
    }

    @Test
    void theProductionReleaseCannotBeRemovedUntilProductionMoves() throws IOException {
        view.publish("esp32s3", V1, K1, Map.of());
        view.publish("esp32s3", V2, K2, Map.of());
        view.promote("esp32s3", V2);
        assertThrows(ConflictException.class, () -> view.remove("esp32s3", V2));
        assertTrue(view.remove("esp32s3", V1));
        assertFalse(view.remove("esp32s3", V1));
        assertTrue(view.clearProduction("esp32s3"));
        assertFalse(view.clearProduction("esp32s3"));
        assertTrue(view.remove("esp32s3", V2));
        assertEquals(0, s3.listObjectsV2(b -> b.bucket(bucket).prefix("ota/")).keyCount());
    }

    @Test
    void theViewNeedsAPrefixOfItsOwnAndValidNames() {
        for (String overlapping : new String[] {"store/", "store/objects", "store/trash/x", "store/uploads/"}) {
            assertThrows(InvalidInputException.class, () -> S3ReleaseView.create(storage, overlapping), overlapping);
        }
        assertThrows(InvalidInputException.class, () -> S3ReleaseView.create(storage, ""));
        assertThrows(InvalidInputException.class, () -> view.publish("../etc", V1, K1, Map.of()));
        assertEquals("ota/", view.prefix());
    }

    private byte[] object(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    private String text(String key) {
        return new String(object(key), StandardCharsets.UTF_8);
    }
}
