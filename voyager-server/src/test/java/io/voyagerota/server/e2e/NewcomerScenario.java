package io.voyagerota.server.e2e;

import io.voyagerota.catalog.Chip;
import io.voyagerota.testing.TestJson;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.testing.images.GeneratedFile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a newcomer does in the README's quickstart, over real HTTP against a running server: create a product,
 * upload a generated image, stage it, promote it to half the fleet, let 100 devices check twice, download with an
 * interrupted and resumed Range request, report success and read the rollout's stats.
 */
public final class NewcomerScenario {
    private static final int DEVICES = 100;
    private static final String PRODUCT = "locker";
    private static final String MODEL = "locker-s3";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI root;
    private final String adminToken;

    /**
     * @param root       the server's root, such as {@code http://127.0.0.1:8080}; the API is under {@code /v1}
     * @param adminToken a valid admin bearer token
     */
    public NewcomerScenario(URI root, String adminToken) {
        this.root = root;
        this.adminToken = adminToken;
    }

    public void run() throws Exception {
        Map<String, Object> product = admin("POST", "/v1/admin/products", "{\"id\":\"" + PRODUCT + "\","
                + "\"name\":\"Smart locker\",\"models\":[{\"name\":\"" + MODEL + "\",\"chip\":\"esp32-s3\"}]}", 201);
        assertEquals(PRODUCT, product.get("id"));

        Map<String, Object> draft = admin("POST", "/v1/admin/products/" + PRODUCT + "/releases",
                "{\"version\":\"1.1.0\",\"changelog\":\"door sensor debounce\"}", 201);
        String releaseId = (String) draft.get("id");
        assertEquals("draft", draft.get("state"));

        GeneratedFile image = new Esp32ImageBuilder().chip(Chip.ESP32_S3).version("1.1.0").projectName("locker")
                .segments(96 * 1024, 200 * 1024, 64 * 1024).seed(7).build().file();
        Map<String, Object> uploaded = upload(releaseId, image);
        assertEquals("PASSED", String.valueOf(field(uploaded, "validation", "status")).toUpperCase(),
                "validation of the uploaded image: " + uploaded.get("validation"));
        assertEquals(image.sha256(), field(uploaded, "artifact", "sha256"));

        assertEquals("staging", admin("POST", "/v1/admin/releases/" + releaseId + "/stage", "", 200).get("state"));
        Map<String, Object> promoted = admin("POST", "/v1/admin/releases/" + releaseId + "/promote",
                "{\"target\":{\"type\":\"percent\",\"percent\":50}}", 200);
        assertEquals("production", field(promoted, "release", "state"));
        String rolloutId = (String) field(promoted, "rollout", "id");

        Map<String, String> secrets = new LinkedHashMap<>();
        for (int i = 0; i < DEVICES; i++) {
            String id = String.format("locker-%03d", i);
            Map<String, Object> credential = admin("POST", "/v1/admin/devices/" + id + "/credentials", "", 201);
            secrets.put(id, (String) credential.get("secret"));
        }

        Map<String, Map<String, Object>> offers = new LinkedHashMap<>();
        for (var device : secrets.entrySet()) {
            check(device.getKey(), device.getValue(), "1.0.0").ifPresent(o -> offers.put(device.getKey(), o));
        }
        // Binomial(100, 0.5): outside 30..70 happens with probability below 1e-4 for a fair hash.
        assertTrue(offers.size() >= 30 && offers.size() <= 70, "about half get the offer, got " + offers.size());
        Set<String> secondPass = new TreeSet<>();
        for (var device : secrets.entrySet()) {
            check(device.getKey(), device.getValue(), "1.0.0").ifPresent(o -> secondPass.add(device.getKey()));
        }
        assertEquals(new TreeSet<>(offers.keySet()), secondPass, "the same half on a second pass");

        String deviceId = offers.keySet().iterator().next();
        Map<String, Object> offer = offers.get(deviceId);
        assertEquals("1.1.0", offer.get("version"));
        assertEquals(image.sha256(), offer.get("sha256"));
        byte[] downloaded = downloadWithResume(URI.create(resolve((String) offer.get("url"))), image.size());
        assertArrayEquals(image.bytes(), downloaded);
        assertEquals(image.sha256(), HexFormat.of().formatHex(sha256(downloaded)));

        String report = "{\"reportId\":\"" + deviceId + "-1\",\"product\":\"" + PRODUCT + "\","
                + "\"fromVersion\":\"1.0.0\",\"toVersion\":\"1.1.0\",\"runningVersion\":\"1.1.0\","
                + "\"status\":\"SUCCESS\",\"metrics\":{\"bytes\":" + image.size() + "}}";
        HttpResponse<String> recorded = send(device("POST", "/v1/devices/" + deviceId + "/reports",
                secrets.get(deviceId)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(report)).build());
        assertEquals(202, recorded.statusCode(), recorded.body());
        HttpResponse<String> again = send(device("POST", "/v1/devices/" + deviceId + "/reports",
                secrets.get(deviceId)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(report)).build());
        assertEquals(200, again.statusCode(), "a retried report counts once: " + again.body());
        assertTrue(check(deviceId, secrets.get(deviceId), "1.1.0").isEmpty(), "up to date after the update");

        // Sightings and counters are written in the background: poll the stats until they show the fleet.
        Map<String, Object> stats = Map.of();
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            stats = admin("GET", "/v1/admin/rollouts/" + rolloutId + "/stats", null, 200);
            if (number(stats, "eligible") == offers.size()) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(offers.size(), number(stats, "eligible"), "eligible: the known devices the rollout admits");
        assertEquals(1, number(stats, "updated"), "updated: " + stats);
        assertEquals(1, number(stats, "successes"), "successes: " + stats);
        assertEquals(0, number(stats, "failures"), "failures: " + stats);
        assertEquals(1.0, ((Number) stats.get("successRate")).doubleValue(), 1e-9);
    }

    /** The offer, or empty for 204. */
    private Optional<Map<String, Object>> check(String deviceId, String secret, String version)
            throws IOException, InterruptedException {
        HttpResponse<String> response = send(device("GET", "/v1/devices/" + deviceId + "/update?product=" + PRODUCT
                + "&model=" + MODEL + "&version=" + version, secret).GET().build());
        if (response.statusCode() == 204) {
            return Optional.empty();
        }
        assertEquals(200, response.statusCode(), "check from " + deviceId + ": " + response.body());
        return Optional.of(TestJson.object(response.body()));
    }

    /** Reads part of the artifact, drops the connection, and fetches the rest with Range and If-Range. */
    private byte[] downloadWithResume(URI link, long size) throws IOException, InterruptedException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        HttpResponse<InputStream> first = http.send(HttpRequest.newBuilder(link).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, first.statusCode());
        String etag = first.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag"));
        try (InputStream in = first.body()) {
            received.write(in.readNBytes((int) (size / 3))); // then the "connection drops"
        }
        long have = received.size();
        HttpResponse<byte[]> rest = http.send(HttpRequest.newBuilder(link).header("Range", "bytes=" + have + "-")
                .header("If-Range", etag).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, rest.statusCode(), "a resumed download gets the rest");
        assertEquals("bytes " + have + "-" + (size - 1) + "/" + size,
                rest.headers().firstValue("Content-Range").orElse(""));
        received.write(rest.body());
        return received.toByteArray();
    }

    private Map<String, Object> upload(String releaseId, GeneratedFile image) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(root.resolve("/v1/admin/releases/" + releaseId
                        + "/artifact")).header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(image::open)).build());
        assertEquals(200, response.statusCode(), response.body());
        return TestJson.object(response.body());
    }

    private Map<String, Object> admin(String method, String path, String body, int expected)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(root.resolve(path))
                .header("Authorization", "Bearer " + adminToken);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = send(request.build());
        assertEquals(expected, response.statusCode(), method + " " + path + ": " + response.body());
        return TestJson.object(response.body());
    }

    private HttpRequest.Builder device(String method, String path, String secret) {
        return HttpRequest.newBuilder(root.resolve(path)).header("Authorization", "Bearer " + secret);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String resolve(String url) {
        return url.startsWith("http") ? url : root.resolve(url).toString();
    }

    @SuppressWarnings("unchecked")
    private static Object field(Map<String, Object> object, String... path) {
        Object value = object;
        for (String name : path) {
            assertTrue(value instanceof Map, "no object at '" + name + "' in " + object);
            value = ((Map<String, Object>) value).get(name);
        }
        return value;
    }

    private static long number(Map<String, Object> object, String name) {
        Object value = object.get(name);
        assertTrue(value instanceof Number, "'" + name + "' is not a number in " + object);
        return ((Number) value).longValue();
    }

    private static byte[] sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }
}
