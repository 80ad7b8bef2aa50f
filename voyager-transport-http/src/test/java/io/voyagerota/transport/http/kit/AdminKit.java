package io.voyagerota.transport.http.kit;

import io.voyagerota.transport.http.HttpConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.voyagerota.transport.http.kit.HttpFixture.PRODUCT;
import static io.voyagerota.transport.http.kit.HttpFixture.S3;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin API's products and release lifecycle, {@code /v1/admin/…}, and what every admin route shares: the admin
 * token, routing, methods, JSON bodies and their limits.
 */
public abstract class AdminKit extends AdminSupport {

    @Test
    void productsAreListedCreatedAndRead() {
        Map<String, Object> listed = ok(get("/products"));
        assertEquals(List.of(PRODUCT), list(listed.get("products")).stream().map(p -> map(p).get("id")).toList());

        HttpResponse<String> created = post("/products", "{\"id\":\"door\",\"name\":\"Door\",\"models\":"
                + "[{\"name\":\"door-c6\",\"chip\":\"ESP32-C6\"}],\"maxArtifactBytes\":1048576}");
        Map<String, Object> door = json(created, 201);
        assertEquals("/v1/admin/products/door", header(created, "Location"));
        assertEquals(Map.of("id", "door", "name", "Door", "models", List.of(Map.of("name", "door-c6", "chip",
                "esp32c6")), "maxArtifactBytes", 1048576L), door);
        assertEquals(door, ok(get("/products/door")));
        assertEquals(2, list(ok(get("/products")).get("products")).size());
    }

    @Test
    void aDuplicateProductIs409AndAnUnknownOne404() {
        assertProblem(post("/products", "{\"id\":\"" + PRODUCT + "\",\"name\":\"Again\",\"models\":[{\"name\":\"m\","
                + "\"chip\":\"esp32\"}]}"), 409, "conflict");
        assertProblem(get("/products/toaster"), 404, "not-found");
        assertProblem(get("/products/toaster/releases"), 404, "not-found");
        assertProblem(post("/products/toaster/releases", "{\"version\":\"1.0.0\"}"), 404, "not-found");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"id\":\"p\",\"name\":\"P\",\"models\":[{\"name\":\"m\",\"chip\":\"esp32\"}],\"colour\":\"red\"} | colour",
            "{\"id\":\"p\",\"name\":\"P\",\"models\":[{\"name\":\"m\",\"chip\":\"esp32\",\"flash\":4}]} | models[0].flash",
            "{\"id\":\"p\",\"name\":\"P\",\"models\":[{\"name\":\"m\",\"chip\":\"esp8266\"}]} | models[0].chip",
            "{\"id\":\"p\",\"name\":\"P\",\"models\":[{\"name\":\"m\"}]} | models[0].chip",
            "{\"id\":\"p\",\"name\":\"P\",\"models\":{}} | models",
            "{\"name\":\"P\",\"models\":[{\"name\":\"m\",\"chip\":\"esp32\"}]} | id",
            "{\"id\":7,\"name\":\"P\",\"models\":[{\"name\":\"m\",\"chip\":\"esp32\"}]} | id",
            "{\"id\":\"p\",\"name\":\"P\",\"models\":[{\"name\":\"m\",\"chip\":\"esp32\"}],\"maxArtifactBytes\":0} | maxArtifactBytes"
    })
    void aMalformedProductIs400NamingTheField(String body, String field) {
        assertEquals(field, assertProblem(post("/products", body), 400, "invalid-parameter").get("parameter"));
        assertEquals(1, f.voyager.products().list().size(), "nothing was created");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"id\":\"Bad Id\",\"name\":\"P\",\"models\":[{\"name\":\"m\",\"chip\":\"esp32\"}]} | invalid-input",
            "{\"id\":\"p\",\"name\":\"P\",\"models\":[{\"name\":\"m\",\"chip\":\"esp32\"},{\"name\":\"m\",\"chip\":\"esp32\"}]} | invalid-input",
            "{\"id\":\"p\",\"name\":\"P\",\"models\":[{\"name\":\"m\",\"chip\":\"esp32\"}],\"releaseKeyPem\":\"not a key\"} | invalid-key"
    })
    void aProductTheCoreRefusesIs422(String body, String code) {
        assertProblem(post("/products", body), 422, code);
        assertEquals(1, f.voyager.products().list().size(), "nothing was created");
    }

    @Test
    void aReleaseIsCreatedAsADraftAndListedOldestFirst() {
        HttpResponse<String> created = post("/products/" + PRODUCT + "/releases", "{\"version\":\"1.10.0\","
                + "\"models\":[\"" + S3 + "\"],\"changelog\":\"## Fixes\\n- debounce\",\"required\":true,"
                + "\"minBatteryPercent\":30,\"requiresAtLeast\":\"1.2.0\",\"secureVersion\":2}");
        Map<String, Object> release = json(created, 201);
        String id = (String) release.get("id");
        assertEquals("/v1/admin/releases/" + id, header(created, "Location"));
        assertEquals(PRODUCT, release.get("productId"));
        assertEquals("1.10.0", release.get("version"));
        assertEquals("draft", release.get("state"));
        assertEquals(false, release.get("deleted"));
        assertEquals(List.of(S3), release.get("models"));
        assertEquals("## Fixes\n- debounce", release.get("changelog"));
        assertEquals(true, release.get("required"));
        assertEquals(30L, release.get("minBatteryPercent"));
        assertEquals("1.2.0", release.get("requiresAtLeast"));
        assertEquals(2L, release.get("secureVersion"));
        assertFalse(release.containsKey("artifact"), "not uploaded yet");
        assertEquals(Map.of("status", "not-run", "steps", List.of()), release.get("validation"));
        assertEquals(1L, release.get("revision"));
        assertEquals(f.clock.instant().toString(), release.get("createdAt"));
        assertEquals(release, ok(get("/releases/" + id)));

        draft("1.11.0");
        assertEquals(List.of("1.10.0", "1.11.0"), list(ok(get("/products/" + PRODUCT + "/releases"))
                .get("releases")).stream().map(r -> map(r).get("version")).toList());
    }

    @Test
    void aReleaseNotNewerThanTheLastIs409AndABadVersion400AndAnUnknownModel422() {
        draft("1.9.10");
        assertProblem(post("/products/" + PRODUCT + "/releases", "{\"version\":\"1.9.9\"}"), 409,
                "non-monotonic-version");
        assertEquals("version", assertProblem(post("/products/" + PRODUCT + "/releases", "{\"version\":\"1.9\"}"),
                400, "invalid-parameter").get("parameter"));
        assertEquals("version", assertProblem(post("/products/" + PRODUCT + "/releases", "{\"changelog\":\"x\"}"),
                400, "invalid-parameter").get("parameter"));
        assertEquals("models[0]", assertProblem(post("/products/" + PRODUCT + "/releases", "{\"version\":\"2.0.0\","
                + "\"models\":[7]}"), 400, "invalid-parameter").get("parameter"));
        assertProblem(post("/products/" + PRODUCT + "/releases", "{\"version\":\"2.0.0\",\"models\":[\"toaster\"]}"),
                422, "invalid-input");
        assertProblem(post("/products/" + PRODUCT + "/releases", "{\"version\":\"2.0.0\",\"requiresAtLeast\":"
                + "\"3.0.0\"}"), 422, "invalid-input");
        assertEquals(1, f.voyager.releases().list(PRODUCT).size(), "nothing else was created");
    }

    @Test
    void aReleaseWalksTheLifecycleAndItsRevocationBlocksTheVersion() {
        String id = staged("1.0.0");
        assertEquals("staging", ok(get("/releases/" + id)).get("state"));
        Map<String, Object> promoted = ok(post("/releases/" + id + "/promote", "{\"target\":{\"type\":\"percent\","
                + "\"percent\":12.5}}"));
        assertEquals("production", map(promoted.get("release")).get("state"));
        Map<String, Object> rollout = map(promoted.get("rollout"));
        assertEquals(Map.of("type", "percent", "percent", 12.5), rollout.get("target"));
        assertEquals(id, rollout.get("releaseId"));
        assertEquals(rollout, ok(get("/releases/" + id + "/rollout")));

        Map<String, Object> revoked = ok(post("/releases/" + id + "/revoke", "{\"reason\":\"boot loop\"}"));
        assertEquals("revoked", revoked.get("state"));
        assertEquals("boot loop", revoked.get("revocationReason"));
        assertEquals(Map.of("blocked", List.of(Map.of("version", "1.0.0", "reason", "boot loop"))),
                ok(get("/products/" + PRODUCT + "/blocked-versions")));

        assertEquals(true, ok(post("/releases/" + id + "/delete")).get("deleted"));
        Map<String, Object> restored = ok(post("/releases/" + id + "/restore"));
        assertEquals(false, restored.get("deleted"));
        assertEquals("revoked", restored.get("state"));
        assertEquals(true, ok(delete("/releases/" + id)).get("deleted"), "DELETE does what POST …/delete does");
    }

    @Test
    void illegalMovesAre409AndChangeNothing() {
        String draft = draft("1.0.0");
        assertProblem(post("/releases/" + draft + "/stage"), 409, "illegal-transition");
        assertProblem(post("/releases/" + draft + "/promote", "{}"), 409, "illegal-transition");
        assertProblem(post("/releases/" + draft + "/revoke", "{\"reason\":\"x\"}"), 409, "illegal-transition");
        assertProblem(post("/releases/" + draft + "/restore"), 409, "illegal-transition");
        assertProblem(get("/releases/" + draft + "/rollout"), 404, "not-found");
        String live = staged("1.1.0");
        ok(post("/releases/" + live + "/promote", ""));
        assertProblem(delete("/releases/" + live), 409, "illegal-transition");
        assertEquals("production", ok(get("/releases/" + live)).get("state"));
        assertEquals("draft", ok(get("/releases/" + draft)).get("state"));
    }

    @Test
    void ofConcurrentPromotionsExactlyOneWins() throws Exception {
        String id = staged("1.0.0");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> post("/releases/" + id + "/promote", "{}")));
            }
            int won = 0;
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
                if (response.statusCode() == 200) {
                    won++;
                } else {
                    assertEquals(409, response.statusCode(), response::body);
                }
            }
            assertEquals(1, won);
            assertEquals(1, f.voyager.rollouts().list(PRODUCT).size(), "one rollout, from the one that won");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRevocationNeedsAReason() {
        String id = staged("1.0.0");
        assertEquals("reason", assertProblem(post("/releases/" + id + "/revoke", "{}"), 400, "invalid-parameter")
                .get("parameter"));
        assertEquals("reason", assertProblem(post("/releases/" + id + "/revoke", "{\"reason\":\"  \"}"), 400,
                "invalid-parameter").get("parameter"));
        assertEquals("staging", ok(get("/releases/" + id)).get("state"));
    }

    @Test
    void everyAdminRouteNeedsTheAdminTokenAndTheRefusalIsTheSameForEveryWrongOne() {
        String device = f.enrol("d1");
        HttpResponse<String> none = send(request("/v1/admin/products"));
        Map<String, Object> missing = assertProblem(none, 401, "unauthorized");
        assertEquals("Bearer realm=\"voyager-admin\"", header(none, "WWW-Authenticate"));
        for (String authorization : List.of("Bearer wrong", "Bearer " + device, "Basic " + token, "Bearer ",
                token)) {
            HttpResponse<String> refused = send(request("/v1/admin/products").header("Authorization", authorization));
            assertEquals(missing, assertProblem(refused, 401, "unauthorized"), authorization);
            assertEquals("Bearer realm=\"voyager-admin\"", header(refused, "WWW-Authenticate"));
        }
        assertProblem(send(request("/v1/admin/no-such-route")), 401, "unauthorized");
        assertProblem(send(request("/v1/admin/products").header("Authorization", "Bearer " + device)
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{\"id\":\"x\"}"))), 401,
                "unauthorized");
        assertEquals(1, f.voyager.products().list().size());
    }

    @Test
    void unknownAdminRoutesAre404AndWrongMethods405WithAllow() {
        assertProblem(get("/firmware"), 404, "not-found");
        assertProblem(get(""), 404, "not-found");
        assertProblem(get("/products/" + PRODUCT + "/"), 404, "not-found");
        HttpResponse<String> products = delete("/products");
        assertProblem(products, 405, "method-not-allowed");
        assertEquals("GET, POST", header(products, "Allow"));
        HttpResponse<String> release = send(admin("/releases/r1").PUT(BodyPublishers.ofString("{}")));
        assertProblem(release, 405, "method-not-allowed");
        assertEquals("GET, DELETE", header(release, "Allow"));
        assertEquals("PUT, POST", header(send(admin("/releases/r1/artifact")), "Allow"));
        assertEquals("POST", header(get("/releases/r1/stage"), "Allow"));
    }

    @Test
    void aMalformedIdInThePathIs400() {
        assertEquals("releaseId", assertProblem(get("/releases/a%20b"), 400, "invalid-parameter").get("parameter"));
        assertEquals("productId", assertProblem(get("/products/caf%C3%A9"), 400, "invalid-parameter").get("parameter"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"id\": | invalid-json",
            "[] | invalid-json",
            "{\"id\":\"a\"} {} | invalid-json",
            "{\"id\":\"a\",\"id\":\"b\"} | invalid-json"
    })
    void malformedJsonIs400(String body, String code) {
        assertProblem(post("/products", body), 400, code);
    }

    @Test
    void bodiesOverTheAdminLimitAre413AndOtherMediaTypes415() {
        start(b -> b.config(HttpConfig.defaults().withMaxAdminBodyBytes(4096)));
        String changelog = "x".repeat(3000);
        json(post("/products/" + PRODUCT + "/releases", "{\"version\":\"1.0.0\",\"changelog\":\"" + changelog
                + "\"}"), 201); // longer than the device API's string limit, within the admin body limit
        assertProblem(post("/products/" + PRODUCT + "/releases", "{\"version\":\"1.1.0\",\"changelog\":\""
                + changelog + changelog + "\"}"), 413, "body-too-large");
        assertProblem(send(admin("/products").header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofString("{}"))), 415, "unsupported-media-type");
        assertEquals(1, f.voyager.releases().list(PRODUCT).size());
    }

    @Test
    void theApiDescriptionIsServedToAnyoneAsTheDocumentIs() throws IOException {
        HttpResponse<byte[]> response = send(request("/v1/openapi.yaml"), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals("application/yaml", header(response, "Content-Type"));
        assertArrayEquals(Files.readAllBytes(Path.of("..", "docs", "openapi.yaml")), response.body());
    }

    @Test
    void anUnknownQueryParameterIsRefused() {
        assertEquals("limt", assertProblem(get("/products/" + PRODUCT + "/devices?limt=5"), 400,
                "invalid-parameter").get("parameter"));
        assertTrue(ok(get("/products/" + PRODUCT + "/devices?limit=5")).containsKey("devices"));
    }
}
