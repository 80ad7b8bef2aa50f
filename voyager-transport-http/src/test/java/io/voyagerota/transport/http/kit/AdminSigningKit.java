package io.voyagerota.transport.http.kit;

import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.signing.EcdsaSignatures;
import io.voyagerota.signing.SigningKey;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signing a release after its upload through the admin API: the manifest as exact bytes, and a signature over them
 * that is recorded when it verifies with the product's release key and refused, changing nothing, when it does not.
 */
public abstract class AdminSigningKit extends AdminSupport {
    private static final String OCTETS = "application/octet-stream";
    private final SigningKey key = SigningKey.generate();

    /** A product whose releases must be signed with {@link #key}, and an uploaded draft of it; returns its id. */
    private String uploaded(byte[] image) {
        json(post("/products", "{\"id\":\"door\",\"name\":\"Door\",\"models\":[{\"name\":\"door-s3\",\"chip\":"
                + "\"esp32s3\"},{\"name\":\"door-c3\",\"chip\":\"esp32c3\"}],\"releaseKeyPem\":"
                + quoted(key.verifyingKey().toPem()) + "}"), 201);
        String id = (String) json(post("/products/door/releases", "{\"version\":\"1.0.0\",\"models\":[\"door-s3\"]}"),
                201).get("id");
        Map<String, Object> release = ok(put("/releases/" + id + "/artifact", image, OCTETS));
        assertEquals("failed", map(release.get("validation")).get("status"), "not signed yet");
        return id;
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\n", "\\n") + "\"";
    }

    private HttpResponse<byte[]> manifest(String releaseId) {
        return send(admin("/releases/" + releaseId + "/manifest").GET(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> putSignature(String releaseId, String json) {
        return send(admin("/releases/" + releaseId + "/signature").header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString(json)));
    }

    private static String body(ReleaseSignature signature) {
        return "{\"algorithm\":\"ecdsa-p256-sha256\",\"base64\":\"" + signature.base64() + "\"}";
    }

    @Test
    void theManifestIsServedAsItsExactBytesAndASignatureOverItLetsTheReleaseStage() {
        byte[] image = image("1.0.0");
        String id = uploaded(image);
        HttpResponse<byte[]> manifest = manifest(id);
        assertEquals(200, manifest.statusCode());
        // Jetty writes the parameter without the space; both are the same media type.
        assertEquals("text/plain;charset=utf-8", header(manifest, "Content-Type").replace(" ", ""));
        assertEquals("no-store", header(manifest, "Cache-Control"));
        String expected = "voyager-manifest 1\nproduct door\nversion 1.0.0\nsecure-version 0\nformat app-image\n"
                + "model door-s3 esp32s3\nsize " + image.length + "\nsha256 " + HttpFixture.sha256(image) + "\n";
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), manifest.body());
        assertEquals(HttpFixture.sha256(manifest.body()), header(manifest, "Voyager-Manifest-Sha256"));

        ReleaseSignature signature = key.sign(manifest.body());
        Map<String, Object> signed = ok(putSignature(id, body(signature)));
        assertEquals(Map.of("algorithm", "ecdsa-p256-sha256", "value", signature.base64()), signed.get("signature"));
        assertEquals("passed", map(signed.get("validation")).get("status"), signed::toString);
        assertEquals("staging", ok(post("/releases/" + id + "/stage")).get("state"));
        assertArrayEquals(manifest.body(), manifest(id).body(), "a staged release still shows its manifest");
    }

    @Test
    void aSignatureInDerOrUnderTheNameTheReleaseShowsIsTakenToo() {
        String id = uploaded(image("1.0.0"));
        ReleaseSignature signature = key.sign(manifest(id).body());
        String der = Base64.getEncoder().encodeToString(EcdsaSignatures.p1363ToDer(EcdsaSignatures.toP1363(signature)));
        Map<String, Object> viaDer = ok(putSignature(id, "{\"algorithm\":\"ecdsa-p256-sha256\",\"base64\":\"" + der
                + "\"}"));
        assertEquals(signature.base64(), map(viaDer.get("signature")).get("value"));
        Map<String, Object> viaValue = ok(putSignature(id, "{\"algorithm\":\"ecdsa-p256-sha256\",\"value\":\""
                + signature.base64() + "\",\"base64\":null}"));
        assertEquals("passed", map(viaValue.get("validation")).get("status"));
    }

    @Test
    void aSignatureThatDoesNotVerifyIs422NamingTheKeyAndChangesNothing() {
        byte[] image = image("1.0.0");
        String id = uploaded(image);
        Map<String, Object> before = ok(get("/releases/" + id));
        String digest = header(manifest(id), "Voyager-Manifest-Sha256");
        for (ReleaseSignature bad : List.of(key.sign(image), SigningKey.generate().sign(manifest(id).body()))) {
            Map<String, Object> problem = assertProblem(putSignature(id, body(bad)), 422, "invalid-signature");
            String detail = (String) problem.get("detail");
            assertTrue(detail.contains("release key " + key.keyId().hex()), detail);
            assertTrue(detail.contains("manifest sha256 " + digest), detail);
            assertTrue(detail.contains("nothing was changed"), detail);
        }
        assertEquals(before, ok(get("/releases/" + id)), "nothing changed");
    }

    @Test
    void aMalformedSignatureBodyIs400NamingTheFieldAndChangesNothing() {
        String id = uploaded(image("1.0.0"));
        Map<String, Object> before = ok(get("/releases/" + id));
        String good = key.sign(manifest(id).body()).base64();
        assertBadField(id, "{\"algorithm\":\"ecdsa-p256-sha256\",\"base64\":\"bm90IGEgc2lnbmF0dXJl\"}", "base64");
        assertBadField(id, "{\"algorithm\":\"rsa-pss\",\"base64\":\"" + good + "\"}", "algorithm");
        assertBadField(id, "{\"base64\":\"" + good + "\"}", "algorithm");
        assertBadField(id, "{\"algorithm\":\"ecdsa-p256-sha256\"}", "base64");
        assertBadField(id, "{\"algorithm\":\"ecdsa-p256-sha256\",\"base64\":\"" + good + "\",\"value\":\"" + good
                + "\"}", "value");
        assertBadField(id, "{\"algorithm\":\"ecdsa-p256-sha256\",\"base64\":\"" + good + "\",\"key\":\"k\"}", "key");
        assertProblem(putSignature(id, "[1]"), 400, "invalid-json");
        assertEquals(before, ok(get("/releases/" + id)), "nothing changed");
    }

    private void assertBadField(String id, String json, String field) {
        assertEquals(field, assertProblem(putSignature(id, json), 400, "invalid-parameter").get("parameter"), json);
    }

    @Test
    void withoutAnArtifactThereIsNoManifestAndOnlyADraftTakesASignature() {
        String draft = draft("1.0.0");
        String signature = body(key.sign(new byte[] {1}));
        assertTrue(((String) assertProblem(send(admin("/releases/" + draft + "/manifest").GET()), 409, "no-artifact")
                .get("detail")).contains("upload its file first"));
        assertProblem(putSignature(draft, signature), 409, "no-artifact");
        assertProblem(send(admin("/releases/nope/manifest").GET()), 404, "not-found");
        assertProblem(putSignature("nope", signature), 404, "not-found");
        String staged = staged("1.1.0");
        assertEquals(200, manifest(staged).statusCode());
        assertProblem(putSignature(staged, signature), 409, "illegal-transition");
        assertEquals(401, send(request("/v1/admin/releases/" + staged + "/manifest").GET()).statusCode());
    }

    @Test
    void aProductWithoutAReleaseKeyCannotCheckASignature() {
        String id = draft("1.0.0");
        ok(put("/releases/" + id + "/artifact", image("1.0.0"), OCTETS));
        HttpResponse<byte[]> manifest = manifest(id);
        assertEquals(200, manifest.statusCode());
        Map<String, Object> problem = assertProblem(putSignature(id, body(key.sign(manifest.body()))), 422,
                "invalid-input");
        assertTrue(((String) problem.get("detail")).contains("has no release key"), problem::toString);
        assertFalse(ok(get("/releases/" + id)).containsKey("signature"));
    }
}
