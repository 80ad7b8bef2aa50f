package io.voyagerota.storage.s3;

import io.voyagerota.InvalidInputException;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.testing.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import static io.voyagerota.testkit.ArtifactStreams.content;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Presigned links fetched the way a device would: a plain HTTP client, no credentials, Range for resuming. */
class S3DownloadLinksTest {
    private static final ArtifactKey FIRMWARE = ArtifactKey.of("locker/1.2.0/firmware.bin");
    private static final ArtifactKey OTHER = ArtifactKey.of("locker/1.1.0/firmware.bin");
    private static final byte[] BYTES = content("firmware", 100_003);

    private static S3ArtifactStorage storage;
    private static S3DownloadLinks links;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void store() throws Exception {
        storage = S3ProxyServer.shared().storage(S3ProxyServer.shared().config().prefix("ota").build());
        storage.put(FIRMWARE, new ByteArrayInputStream(BYTES), Long.MAX_VALUE);
        storage.put(OTHER, new ByteArrayInputStream(content("other", 10)), Long.MAX_VALUE);
        links = storage.downloadLinks();
    }

    @AfterAll
    static void close() {
        storage.close();
    }

    @Test
    void aLinkServesTheWholeArtifactAndRangesOfIt() throws Exception {
        String url = links.link(FIRMWARE, Instant.now().plusSeconds(300));

        HttpResponse<byte[]> whole = get(url, null);
        assertEquals(200, whole.statusCode());
        assertArrayEquals(BYTES, whole.body());

        HttpResponse<byte[]> range = get(url, "bytes=65536-65635");
        assertEquals(206, range.statusCode());
        assertArrayEquals(Arrays.copyOfRange(BYTES, 65536, 65636), range.body());
        assertEquals("bytes 65536-65635/" + BYTES.length, range.headers().firstValue("Content-Range").orElseThrow());

        HttpResponse<byte[]> tail = get(url, "bytes=100000-");
        assertEquals(206, tail.statusCode(), "a device resuming near the end");
        assertArrayEquals(Arrays.copyOfRange(BYTES, 100_000, BYTES.length), tail.body());
    }

    @Test
    void aLinkBentToAnotherArtifactOrALongerLifeIsRefused() throws Exception {
        String url = links.link(FIRMWARE, Instant.now().plusSeconds(300));
        String otherArtifact = url.replace("1.2.0", "1.1.0");
        assertNotEquals(url, otherArtifact);
        assertEquals(403, get(otherArtifact, null).statusCode(), "same signature, another key");

        String longer = url.replaceFirst("X-Amz-Expires=\\d+", "X-Amz-Expires=604800");
        assertNotEquals(url, longer);
        assertEquals(403, get(longer, null).statusCode(), "same signature, longer life");

        String forged = url.replaceFirst("X-Amz-Signature=[0-9a-f]{4}", "X-Amz-Signature=0000");
        assertEquals(403, get(forged, null).statusCode(), "altered signature");
    }

    @Test
    void anExpiredLinkIsRefused() throws Exception {
        String url = links.link(FIRMWARE, Instant.now().plusSeconds(1).plusMillis(500));
        assertTrue(url.contains("X-Amz-Expires=1&"), url);
        Thread.sleep(2_100);
        assertEquals(403, get(url, null).statusCode());
    }

    @Test
    void aDeletedArtifactsLinkStopsWorkingAndARestoredOnesWorksAgain() throws Exception {
        ArtifactKey key = ArtifactKey.of("revoked.bin");
        storage.put(key, new ByteArrayInputStream(content("revoked", 1000)), Long.MAX_VALUE);
        String url = links.link(key, Instant.now().plusSeconds(300));
        assertEquals(200, get(url, null).statusCode());
        storage.delete(key);
        assertEquals(404, get(url, null).statusCode());
        storage.restore(key);
        assertEquals(200, get(url, null).statusCode());
    }

    @Test
    void expiriesOutsideTheAllowedLifetimeAreRefused() throws Exception {
        MutableClock clock = MutableClock.at(Instant.now());
        try (S3ArtifactStorage clocked = S3ArtifactStorage.builder(S3ProxyServer.shared().config()
                        .presignLifetime(Duration.ofMinutes(10)).build())
                .staticCredentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)
                .clock(clock)
                .build()) {
            S3DownloadLinks bounded = clocked.downloadLinks();
            assertEquals(Duration.ofMinutes(10), bounded.maxLifetime());
            Instant now = clock.instant();
            assertTrue(bounded.link(FIRMWARE, now.plusSeconds(600)).contains("X-Amz-Expires=600&"));
            InvalidInputException tooLong = assertThrows(InvalidInputException.class,
                    () -> bounded.link(FIRMWARE, now.plusSeconds(601)));
            assertTrue(tooLong.getMessage().contains("presignLifetime"), tooLong.getMessage());
            assertThrows(InvalidInputException.class, () -> bounded.link(FIRMWARE, now));
            assertThrows(InvalidInputException.class, () -> bounded.link(FIRMWARE, now.minusSeconds(5)));
        }
    }

    private static HttpResponse<byte[]> get(String url, String range) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (range != null) {
            request.header("Range", range);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
