package io.voyagerota.transport.http.kit;

import io.voyagerota.testing.TestJson;
import io.voyagerota.catalog.Release;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.voyagerota.transport.http.kit.HttpFixture.PRODUCT;
import static io.voyagerota.transport.http.kit.HttpFixture.S3;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Artifact downloads through signed links, {@code GET|HEAD /v1/artifacts/{key}}, with Range and validators. */
public abstract class DownloadKit extends AdapterKit {
    private byte[] firmware;
    private int size;
    private Release release;
    private String url;
    private String etag;

    @BeforeEach
    void offer() {
        release = f.production("1.1.0", 1_000_003);
        firmware = f.firmwareOf(release);
        size = firmware.length;
        assertTrue(size % 65536 != 0, "no range lines up with the download buffer by accident");
        String secret = f.enrol("d1");
        HttpResponse<String> check = send(request("/v1/devices/d1/update?product=" + PRODUCT + "&model=" + S3
                + "&version=1.0.0").header("Authorization", "Bearer " + secret));
        Map<String, Object> offer = TestJson.object(check.body());
        url = (String) offer.get("url");
        etag = "\"" + offer.get("sha256") + "\"";
        f.storage.clearRecords();
    }

    private HttpResponse<byte[]> get(String... headers) {
        HttpRequest.Builder request = request(url);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request, BodyHandlers.ofByteArray());
    }

    private byte[] slice(long first, long last) {
        return Arrays.copyOfRange(firmware, (int) first, (int) last + 1);
    }

    @Test
    void theWholeArtifactComesWithItsValidatorsAndMatchesItsHash() {
        HttpResponse<byte[]> response = get();
        assertEquals(200, response.statusCode());
        assertEquals(String.valueOf(size), header(response, "Content-Length"));
        assertEquals("bytes", header(response, "Accept-Ranges"));
        assertEquals(etag, header(response, "ETag"));
        assertEquals("application/octet-stream", header(response, "Content-Type"));
        long untilExpiry = expires() - f.clock.instant().getEpochSecond();
        assertEquals("public, max-age=" + untilExpiry + ", no-transform", header(response, "Cache-Control"));
        assertEquals(HttpFixture.sha256(firmware), HttpFixture.sha256(response.body()));
    }

    @Test
    void headAnswersTheHeadersWithoutTheBodyAndIgnoresRange() {
        for (String range : new String[] {null, "bytes=0-9"}) {
            HttpRequest.Builder head = request(url).method("HEAD", HttpRequest.BodyPublishers.noBody());
            if (range != null) {
                head.header("Range", range);
            }
            HttpResponse<byte[]> response = send(head, BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode());
            assertEquals(String.valueOf(size), header(response, "Content-Length"));
            assertEquals(etag, header(response, "ETag"));
            assertEquals(0, response.body().length);
        }
        assertEquals(0, f.storage.opened().size(), "HEAD reads nothing");
    }

    @Test
    void aClosedRangeIs206WithContentRange() {
        HttpResponse<byte[]> response = get("Range", "bytes=1000-70000");
        assertEquals(206, response.statusCode());
        assertEquals("bytes 1000-70000/" + size, header(response, "Content-Range"));
        assertEquals("69001", header(response, "Content-Length"));
        assertArrayEquals(slice(1000, 70000), response.body());
        assertEquals(new OpenRecordingStorage.Opened(HttpFixture.keyOf(release), 1000, 69001),
                f.storage.opened().get(f.storage.opened().size() - 1), "storage is asked for the range alone");
    }

    @Test
    void openAndSuffixRangesReachTheEnd() {
        int from = size - 7001;
        HttpResponse<byte[]> open = get("Range", "bytes=" + from + "-");
        assertEquals(206, open.statusCode());
        assertEquals("bytes " + from + "-" + (size - 1) + "/" + size, header(open, "Content-Range"));
        assertArrayEquals(slice(from, size - 1), open.body());

        HttpResponse<byte[]> suffix = get("Range", "bytes=-500");
        assertEquals(206, suffix.statusCode());
        assertEquals("bytes " + (size - 500) + "-" + (size - 1) + "/" + size, header(suffix, "Content-Range"));
        assertArrayEquals(slice(size - 500, size - 1), suffix.body());

        HttpResponse<byte[]> longerThanAll = get("Range", "bytes=-" + (size * 2L));
        assertEquals("bytes 0-" + (size - 1) + "/" + size, header(longerThanAll, "Content-Range"));
        assertArrayEquals(firmware, longerThanAll.body());

        HttpResponse<byte[]> clipped = get("Range", " bytes=10-99999999999999999999 ");
        assertEquals("bytes 10-" + (size - 1) + "/" + size, header(clipped, "Content-Range"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=%d-", "bytes=%d-%d", "bytes=99999999999999999999-", "bytes=-0"})
    void anUnsatisfiableRangeIs416WithTheSize(String range) {
        HttpResponse<String> response = send(request(url).header("Range", range.replace("%d", "" + size)));
        assertProblem(response, 416, "range-not-satisfiable");
        assertEquals("bytes */" + size, header(response, "Content-Range"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-1,5-6", "bytes=abc", "bytes=5-1", "items=0-1", "bytes=", "bytes=1-2-3",
            "bytes = 0-1", "bytes=--5"})
    void multipleOrBogusRangesAreIgnoredAndTheWholeArtifactSent(String range) {
        HttpResponse<byte[]> response = get("Range", range);
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Range").isEmpty());
        assertArrayEquals(firmware, response.body());
    }

    @Test
    void ifRangeLetsTheRangeThroughOnlyForTheCurrentStrongEtag() {
        assertEquals(206, get("Range", "bytes=0-9", "If-Range", etag).statusCode());
        for (String stale : new String[] {"\"0000\"", "W/" + etag, "Sat, 01 Jan 2000 00:00:00 GMT"}) {
            HttpResponse<byte[]> response = get("Range", "bytes=0-9", "If-Range", stale);
            assertEquals(200, response.statusCode(), stale);
            assertArrayEquals(firmware, response.body());
        }
    }

    @Test
    void ifNoneMatchWithTheEtagIs304WithoutAskingStorage() {
        f.storage.clearRecords();
        HttpResponse<byte[]> response = get("If-None-Match", etag);
        assertEquals(304, response.statusCode());
        assertEquals(etag, header(response, "ETag"));
        assertEquals(0, response.body().length);
        assertEquals(List.of(), f.storage.statted(), "the release's tag comes from the catalog");
        assertEquals(List.of(), f.storage.opened());
    }

    @Test
    void anInterruptedDownloadResumedWithRangeYieldsTheExactBytes() throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        HttpResponse<InputStream> first = send(request(url), BodyHandlers.ofInputStream());
        try (InputStream in = first.body()) {
            received.write(in.readNBytes(300_017)); // then the device loses its connection
        }
        int offset = received.size();
        HttpResponse<InputStream> rest = send(request(url).header("Range", "bytes=" + offset + "-")
                .header("If-Range", etag), BodyHandlers.ofInputStream());
        assertEquals(206, rest.statusCode());
        try (InputStream in = rest.body()) {
            in.transferTo(received);
        }
        assertEquals(HttpFixture.sha256(firmware), HttpFixture.sha256(received.toByteArray()));
    }

    /** Security suite row 10: an expired link is refused, and storage is never asked for the artifact. */
    @Test
    @Tag("security")
    void anExpiredLinkIs403() {
        f.clock.set(Instant.ofEpochSecond(expires()).plus(Duration.ofSeconds(1)));
        Map<String, Object> problem = assertProblem(send(request(url)), 403, "invalid-link");
        assertTrue(((String) problem.get("detail")).contains("expired"), (String) problem.get("detail"));
        assertEquals(403, send(request(url).header("Range", "bytes=0-9")).statusCode());
        assertEquals(403, send(request(url).method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode());
        assertStorageUntouched();
    }

    /**
     * Security suite row 10: a tampered or re-targeted link (another artifact's key under this signature, a longer
     * life, a cut or flipped signature) is refused, and storage is never asked for either artifact.
     */
    @Test
    @Tag("security")
    void anAlteredLinkIs403() {
        String key = HttpFixture.keyOf(release).value();
        String other = f.production("1.2.0", 1000).artifact().orElseThrow().key();
        char last = url.charAt(url.length() - 1);
        for (String altered : new String[] {
                url.substring(0, url.length() - 1) + (last == 'A' ? 'B' : 'A'),
                url.replace("expires=" + expires(), "expires=" + (expires() + 3600)),
                url.replace(key, other),
                url.substring(0, url.indexOf("&sig=")),
                url.substring(0, url.indexOf('?')),
                url.replace("expires=" + expires(), "expires=-1"),
                url.replace(key, key.replace("/releases/", "/releases/.hidden/"))}) {
            HttpResponse<String> refused = send(request(altered));
            assertProblem(refused, 403, "invalid-link");
            assertFalse(refused.body().contains(etag.replace("\"", "")), "the refusal names no artifact's hash");
        }
        assertStorageUntouched();
    }

    /**
     * Security suite row 18, a regression test: a link issued before its release was revoked stops working at once
     * (403, for GET, a Range and HEAD alike, with nothing read from storage), no new offer is made, and the artifact
     * itself is kept, since revoking deletes nothing.
     */
    @Test
    @Tag("security")
    void aLinkIssuedBeforeItsReleaseWasRevokedIs403AndServesNothing() {
        assertEquals(200, send(request(url).method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode(),
                "the link works before the revocation");
        f.storage.clearRecords();

        f.voyager.releases().revoke(release.id(), "bricks devices on boot");

        HttpResponse<String> after = send(request(url));
        assertEquals(403, after.statusCode(), "the revoked release's link still downloads");
        Map<String, Object> problem = assertProblem(after, 403, "release-revoked");
        assertTrue(((String) problem.get("detail")).contains("revoked"), (String) problem.get("detail"));
        assertProblem(send(request(url).header("Range", "bytes=0-9").header("If-Range", etag)), 403,
                "release-revoked");
        assertEquals(403, send(request(url).method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode());
        assertEquals(403, send(request(url).header("If-None-Match", etag)).statusCode(), "no 304 either");
        assertStorageUntouched();

        String secret = f.enrol("d2");
        HttpResponse<String> check = send(request("/v1/devices/d2/update?product=" + PRODUCT + "&model=" + S3
                + "&version=1.0.0").header("Authorization", "Bearer " + secret));
        assertEquals(204, check.statusCode(), check::body);
        assertTrue(f.storage.stat(HttpFixture.keyOf(release)).isPresent(), "revoking deletes no artifact");
    }

    @Test
    void aDeletedArtifactIs404OnceTheLinkVerifies() throws IOException {
        f.storage.delete(HttpFixture.keyOf(release));
        Map<String, Object> problem = assertProblem(send(request(url)), 404, "not-found");
        assertTrue(((String) problem.get("detail")).contains("check for an update"), (String) problem.get("detail"));
    }

    /** A deleted release's link is 404 as soon as it is deleted, before the outbox has moved its artifact away. */
    @Test
    void aLinkToARevokedThenDeletedReleaseIs404BeforeTheOutboxRuns() {
        f.voyager.releases().revoke(release.id(), "bad build");
        f.voyager.releases().delete(release.id());
        assertProblem(send(request(url)), 404, "not-found");
        assertStorageUntouched();
        assertTrue(f.storage.stat(HttpFixture.keyOf(release)).isPresent(), "the outbox has not run yet");
    }

    /** Neither looked up nor read since the records were last cleared. */
    private void assertStorageUntouched() {
        assertEquals(List.of(), f.storage.statted(), "storage was asked about the artifact");
        assertEquals(List.of(), f.storage.opened(), "storage was read");
    }

    private long expires() {
        String value = url.substring(url.indexOf("expires=") + 8, url.indexOf("&sig="));
        return Long.parseLong(value);
    }
}
