package io.voyagerota.transport.http.kit;

import io.voyagerota.testing.TestJson;
import io.voyagerota.catalog.Release;
import io.voyagerota.transport.http.HttpConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.voyagerota.transport.http.kit.HttpFixture.PRODUCT;
import static io.voyagerota.transport.http.kit.HttpFixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The update check, {@code GET|POST /v1/devices/{id}/update}, as every adapter must serve it. */
public abstract class CheckKit extends AdapterKit {
    private static final int SIZE = 4099;

    private HttpResponse<String> check(String device, String secret, String query, String... headers) {
        var request = request("/v1/devices/" + device + "/update?" + query).GET();
        if (secret != null) {
            request.header("Authorization", "Bearer " + secret);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    private HttpResponse<String> checkVersion(String device, String secret, String version) {
        return check(device, secret, "product=" + PRODUCT + "&model=" + S3 + "&version=" + version);
    }

    private HttpResponse<String> post(String device, String secret, String json) {
        return send(request("/v1/devices/" + device + "/update").header("Authorization", "Bearer " + secret)
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(json)));
    }

    @Test
    void aGetCheckAnswersTheOfferAsJson() {
        Release release = f.production("1.1.0", SIZE, b -> b.secureVersion(3));
        byte[] firmware = f.firmwareOf(release);
        HttpResponse<String> response = checkVersion("d1", f.enrol("d1"), "v1.0");

        assertEquals(200, response.statusCode(), response::body);
        assertEquals("application/json", header(response, "Content-Type"));
        assertTrue(header(response, "ETag").matches("W/\"[0-9a-f]{16}\""), header(response, "ETag"));
        Map<String, Object> offer = TestJson.object(response.body());
        assertEquals("1.1.0", offer.get("version"));
        assertEquals("upgrade", offer.get("kind"));
        assertEquals("app-image", offer.get("format"));
        String url = (String) offer.get("url");
        assertTrue(url.startsWith("/v1/artifacts/" + HttpFixture.keyOf(release) + "?expires="), url);
        assertEquals((long) firmware.length, offer.get("size"));
        assertEquals(HttpFixture.sha256(firmware), offer.get("sha256"));
        assertEquals(List.of(), offer.get("parts"));
        assertEquals(false, offer.get("required"));
        assertEquals(3L, offer.get("secureVersion"));
        assertFalse(offer.containsKey("minBattery"), "no battery minimum");
        assertFalse(offer.containsKey("signature"), "unsigned release");
        assertEquals("d1", offer.get("deviceId"));
        assertEquals(S3, offer.get("model"));
        long expiresAt = (Long) offer.get("expiresAt");
        assertTrue(url.contains("expires=" + expiresAt + "&sig="), url);
        assertTrue(expiresAt > f.clock.instant().getEpochSecond());
        assertTrue((Long) offer.get("sequence") > 0);
    }

    @Test
    void aPostCheckWithAJsonBodyGetsTheSameOfferAndTheSameEtag() {
        f.production("1.1.0", SIZE);
        String secret = f.enrol("d1");
        HttpResponse<String> viaGet = checkVersion("d1", secret, "1.0.0");
        HttpResponse<String> viaPost = post("d1", secret, "{\"product\":\"" + PRODUCT + "\",\"model\":\"" + S3
                + "\",\"version\":\"1.0.0\",\"chip\":\"ESP32-S3\",\"battery\":80,\"futureField\":{\"x\":[1]}}");

        assertEquals(200, viaPost.statusCode(), viaPost::body);
        Map<String, Object> a = TestJson.object(viaGet.body());
        Map<String, Object> b = TestJson.object(viaPost.body());
        assertEquals(a, b);
        assertEquals(viaGet.body(), viaPost.body(), "the same bytes, so the same signature covers both");
        assertEquals(header(viaGet, "ETag"), header(viaPost, "ETag"));
        assertEquals(header(viaGet, "Voyager-Offer-Signature"), header(viaPost, "Voyager-Offer-Signature"));
    }

    @ParameterizedTest
    @CsvSource({
            "1.1.0, " + S3 + ",, up-to-date",
            "1.0.0, no-such-model,, unknown-model",
            "1.0.0, " + S3 + ", esp32c3, chip-mismatch"
    })
    void noUpdateIs204WithTheReason(String version, String model, String chip, String reason) {
        f.production("1.1.0", SIZE);
        HttpResponse<String> response = check("d1", f.enrol("d1"), "product=" + PRODUCT + "&model=" + model
                + "&version=" + version + (chip == null ? "" : "&chip=" + chip));

        assertEquals(204, response.statusCode(), response::body);
        assertEquals(reason, header(response, "X-Voyager-Reason"));
        assertEquals("", response.body());
    }

    @Test
    void aRepeatedPollWithinTheLinkWindowIs304AndTheNextWindowBringsAFreshOffer() {
        f.production("1.1.0", SIZE);
        String secret = f.enrol("d1");
        HttpResponse<String> first = checkVersion("d1", secret, "1.0.0");
        String etag = header(first, "ETag");

        HttpResponse<String> again = check("d1", secret, "product=" + PRODUCT + "&model=" + S3 + "&version=1.0.0",
                "If-None-Match", etag);
        assertEquals(304, again.statusCode());
        assertEquals(etag, header(again, "ETag"));
        assertEquals("", again.body());
        assertEquals(304, check("d1", secret, "product=" + PRODUCT + "&model=" + S3 + "&version=1.0.0",
                "If-None-Match", "\"other\", " + etag.substring(2)).statusCode(), "a list, compared weakly");
        assertEquals(304, check("d1", secret, "product=" + PRODUCT + "&model=" + S3 + "&version=1.0.0",
                "If-None-Match", "*").statusCode());

        f.clock.advance(Duration.ofMinutes(1));
        HttpResponse<String> next = check("d1", secret, "product=" + PRODUCT + "&model=" + S3 + "&version=1.0.0",
                "If-None-Match", etag);
        assertEquals(200, next.statusCode(), "a new link window means a new link");
        assertNotEquals(etag, header(next, "ETag"));
        assertNotEquals(TestJson.object(first.body()).get("url"), TestJson.object(next.body()).get("url"));
    }

    @Test
    void theEtagIsPerDevice() {
        f.production("1.1.0", SIZE);
        HttpResponse<String> d1 = checkVersion("d1", f.enrol("d1"), "1.0.0");
        HttpResponse<String> d2 = check("d2", f.enrol("d2"), "product=" + PRODUCT + "&model=" + S3
                + "&version=1.0.0", "If-None-Match", header(d1, "ETag"));
        assertEquals(200, d2.statusCode(), "another device's tag does not match: the offer names the device");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "model=" + S3 + "&version=1.0.0 | product",
            "product=" + PRODUCT + "&version=1.0.0 | model",
            "product=" + PRODUCT + "&model=" + S3 + " | version",
            "product=" + PRODUCT + "&model=" + S3 + "&version= | version",
            "product=" + PRODUCT + "&model=" + S3 + "&version=1..2 | version",
            "product=" + PRODUCT + "&model=" + S3 + "&version=%C3%28 | version",
            "product=" + PRODUCT + "&model=" + S3 + "&version=1.0.0&chip=esp8266 | chip",
            "product=" + PRODUCT + "&model=" + S3 + "&version=1.0.0&battery=101 | battery",
            "product=" + PRODUCT + "&model=" + S3 + "&version=1.0.0&battery=-1 | battery",
            "product=" + PRODUCT + "&model=" + S3 + "&version=1.0.0&battery=full | battery"
    })
    void badParametersAre400ProblemsNamingTheParameter(String query, String parameter) {
        Map<String, Object> problem = assertProblem(check("d1", f.enrol("d1"), query), 400, "invalid-parameter");
        assertEquals(parameter, problem.get("parameter"));
        assertTrue(((String) problem.get("detail")).contains("'" + parameter + "'"), (String) problem.get("detail"));
    }

    @Test
    void aJsonBodyThatNamesAnotherDeviceIs400AndAStateMessagesFieldsWork() {
        f.production("1.1.0", SIZE);
        String secret = f.enrol("d1");
        Map<String, Object> problem = assertProblem(post("d1", secret, "{\"deviceId\":\"d2\",\"product\":\""
                + PRODUCT + "\",\"model\":\"" + S3 + "\",\"version\":\"1.0.0\"}"), 400, "invalid-parameter");
        assertEquals("deviceId", problem.get("parameter"));
        HttpResponse<String> own = post("d1", secret, "{\"deviceId\":\"d1\",\"product\":\"" + PRODUCT
                + "\",\"model\":\"" + S3 + "\",\"version\":\"1.0.0\",\"secureVersion\":0}");
        assertEquals(200, own.statusCode(), own::body);
    }

    @Test
    void aMalformedDeviceIdIs400() {
        Map<String, Object> problem = assertProblem(checkVersion("bad%20id", "x", "1.0.0"), 400, "invalid-parameter");
        assertEquals("deviceId", problem.get("parameter"));
    }

    @Test
    void aMacAddressDeviceIdWorksRawAndPercentEncoded() {
        f.production("1.1.0", SIZE);
        String secret = f.enrol("24:0a:c4:12:34:56");
        for (String id : List.of("24:0a:c4:12:34:56", "24%3A0a%3Ac4%3A12%3A34%3A56")) {
            HttpResponse<String> response = checkVersion(id, secret, "1.0.0");
            assertEquals(200, response.statusCode(), response::body);
            assertEquals("24:0a:c4:12:34:56", TestJson.object(response.body()).get("deviceId"));
        }
    }

    @Test
    void parametersMayBePercentEncoded() {
        f.production("1.1.0", SIZE);
        HttpResponse<String> encoded = check("d1", f.enrol("d1"), "product=lock%65r&model=locker%2Ds3&version=v1");
        assertEquals(200, encoded.statusCode(), encoded::body);
        assertEquals(S3, TestJson.object(encoded.body()).get("model"));
    }

    @Test
    void tagsComeFromTheServerNeverFromTheDevice() {
        start(b -> b.deviceTags(id -> id.startsWith("lab-") ? Set.of("tester") : Set.of()));
        f.production("1.1.0", SIZE);
        f.staged("1.2.0", SIZE, b -> b);

        HttpResponse<String> tester = checkVersion("lab-1", f.enrol("lab-1"), "1.0.0");
        assertEquals("1.2.0", TestJson.object(tester.body()).get("version"), "testers get staging releases");
        String secret = f.enrol("d1");
        HttpResponse<String> claims = check("d1", secret, "product=" + PRODUCT + "&model=" + S3
                + "&version=1.0.0&tags=tester&tag=tester");
        assertEquals("1.1.0", TestJson.object(claims.body()).get("version"));
        HttpResponse<String> claimsInJson = post("d1", secret, "{\"product\":\"" + PRODUCT + "\",\"model\":\"" + S3
                + "\",\"version\":\"1.0.0\",\"tags\":[\"tester\"]}");
        assertEquals("1.1.0", TestJson.object(claimsInJson.body()).get("version"));
    }

    @Test
    void theBatteryMinimumIsEnforcedOrPassedOn() {
        f.production("1.1.0", SIZE, b -> b.minBatteryPercent(30));
        String secret = f.enrol("d1");
        HttpResponse<String> low = check("d1", secret, "product=" + PRODUCT + "&model=" + S3
                + "&version=1.0.0&battery=10");
        assertEquals(204, low.statusCode());
        assertEquals("battery-too-low", header(low, "X-Voyager-Reason"));
        HttpResponse<String> unknown = checkVersion("d1", secret, "1.0.0");
        assertEquals(30L, TestJson.object(unknown.body()).get("minBattery"));
    }

    @Test
    void checksNeedTheDevicesOwnCredential() {
        f.production("1.1.0", SIZE);
        f.enrol("d1");
        String other = f.enrol("d2");
        HttpResponse<String> missing = checkVersion("d1", null, "1.0.0");
        assertProblem(missing, 401, "unauthorized");
        assertEquals("Bearer realm=\"voyager\"", header(missing, "WWW-Authenticate"));
        for (String wrong : List.of(other, "not-a-secret")) {
            HttpResponse<String> refused = checkVersion("d1", wrong, "1.0.0");
            assertProblem(refused, 401, "unauthorized");
            assertTrue(header(refused, "WWW-Authenticate").contains("error=\"invalid_token\""));
        }
        assertProblem(send(request("/v1/devices/d1/update?product=" + PRODUCT + "&model=" + S3 + "&version=1.0.0")
                .header("Authorization", "Basic ZDE6eA==")), 401, "unauthorized");
    }

    @Test
    void unauthenticatedChecksCanBeAllowedForDevelopmentOnly() {
        start(b -> b.config(HttpConfig.defaults().withUnauthenticatedChecks(true)));
        f.production("1.1.0", SIZE);
        f.enrol("d1");
        assertEquals(200, checkVersion("d1", null, "1.0.0").statusCode());
        assertProblem(checkVersion("d1", "wrong", "1.0.0"), 401, "unauthorized");
        assertProblem(send(request("/v1/devices/d1/reports").POST(BodyPublishers.ofString("{}"))), 401,
                "unauthorized");
    }

    @Test
    void manyParallelChecksAreAnsweredConsistently() throws Exception {
        f.production("1.1.0", SIZE);
        int devices = 16;
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            secrets.add(f.enrol("p" + i));
        }
        request("/"); // starts the adapter
        ExecutorService callers = Executors.newFixedThreadPool(32);
        List<Future<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int d = i % devices;
            calls.add(callers.submit(() -> send(request("/v1/devices/p" + d + "/update?product=" + PRODUCT
                    + "&model=" + S3 + "&version=1.0.0").header("Authorization", "Bearer " + secrets.get(d)))));
        }
        callers.shutdown();
        Set<Object> sequences = new HashSet<>();
        Map<String, String> etags = new HashMap<>();
        Map<String, String> bodies = new HashMap<>();
        for (Future<HttpResponse<String>> call : calls) {
            HttpResponse<String> response = call.get(60, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), response::body);
            Map<String, Object> offer = TestJson.object(response.body());
            sequences.add(offer.get("sequence"));
            String previous = etags.putIfAbsent((String) offer.get("deviceId"), header(response, "ETag"));
            assertTrue(previous == null || previous.equals(header(response, "ETag")), "one ETag per device");
            String body = bodies.putIfAbsent((String) offer.get("deviceId"), response.body());
            assertTrue(body == null || body.equals(response.body()), "one offer per device");
            assertTrue(OfferAuthKit.signatureVerifies(f, response), "every answer is signed: " + response.body());
        }
        assertEquals(devices, etags.size());
        assertEquals(Set.of(f.voyager.snapshot().generation()), sequences, "one catalog generation, one sequence");
    }
}
