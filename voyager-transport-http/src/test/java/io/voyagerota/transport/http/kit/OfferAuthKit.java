package io.voyagerota.transport.http.kit;

import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseManifest;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.signing.OfferProof;
import io.voyagerota.signing.VerifyingKey;
import io.voyagerota.testing.TestJson;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import static io.voyagerota.transport.http.kit.HttpFixture.PRODUCT;
import static io.voyagerota.transport.http.kit.HttpFixture.S3;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Offer authentication as every adapter must serve it (docs/device-api.md, "Offer authentication"): the offer key's
 * signature over the exact body, the proof that the answer was made for the check's nonce, and the manifest a device
 * checks before downloading. Everything is verified from the answer's bytes, the way a device does.
 */
@Tag("security")
public abstract class OfferAuthKit extends AdapterKit {
    private static final int SIZE = 4099;
    private static final String NONCE = "0123456789abcdef0123456789abcdef";

    private HttpResponse<String> check(String device, String secret, String extra, String... headers) {
        var request = request("/v1/devices/" + device + "/update?product=" + PRODUCT + "&model=" + S3
                + "&version=1.0.0" + extra).GET().header("Authorization", "Bearer " + secret);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    /** Whether the answer's Voyager-Offer-Signature verifies over its body with the fixture's offer key. */
    static boolean signatureVerifies(HttpFixture f, HttpResponse<String> response) {
        String signature = response.headers().firstValue("Voyager-Offer-Signature").orElse("");
        String key = response.headers().firstValue("Voyager-Offer-Key").orElse("");
        return key.equals(f.voyager.offerSigner().keyId().hex()) && f.voyager.offerSigner().verifyingKey()
                .verify(response.body().getBytes(StandardCharsets.UTF_8),
                        new ReleaseSignature(ReleaseSignature.ECDSA_P256_SHA256, signature));
    }

    private static byte[] expectedProof(String secret, String nonce, String body) {
        return OfferProof.proof(OfferProof.Key.fromSecret(secret), nonce,
                sha256(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anOfferIsSignedOverItsExactBytesAndProvesItAnswersThisCheck() {
        f.production("1.1.0", SIZE);
        String secret = f.enrol("d1");
        HttpResponse<String> response = check("d1", secret, "&nonce=" + NONCE);

        assertEquals(200, response.statusCode(), response::body);
        assertTrue(signatureVerifies(f, response), "the signature verifies over the body");
        assertEquals(88, header(response, "Voyager-Offer-Signature").length());
        assertEquals(64, header(response, "Voyager-Offer-Key").length());
        byte[] proof = Base64.getDecoder().decode(header(response, "Voyager-Offer-Proof"));
        assertArrayEquals(expectedProof(secret, NONCE, response.body()), proof);

        String tampered = response.body().replace("\"upgrade\"", "\"rollback\"");
        assertFalse(f.voyager.offerSigner().verifyingKey().verify(tampered.getBytes(StandardCharsets.UTF_8),
                new ReleaseSignature(ReleaseSignature.ECDSA_P256_SHA256, header(response, "Voyager-Offer-Signature"))),
                "a body changed on the way no longer verifies");
    }

    @Test
    void eachCheckGetsAProofForItsOwnNonceAndAnotherDevicesSecretProvesNothing() {
        f.production("1.1.0", SIZE);
        String secret = f.enrol("d1");
        String other = "fedcba9876543210-other-nonce_x";
        HttpResponse<String> first = check("d1", secret, "&nonce=" + NONCE);
        HttpResponse<String> second = check("d1", secret, "&nonce=" + other);

        assertEquals(first.body(), second.body(), "the same offer within one link window");
        assertEquals(header(first, "Voyager-Offer-Signature"), header(second, "Voyager-Offer-Signature"),
                "the signature is cached per device and window");
        assertNotEquals(header(first, "Voyager-Offer-Proof"), header(second, "Voyager-Offer-Proof"));
        assertArrayEquals(expectedProof(secret, other, second.body()),
                Base64.getDecoder().decode(header(second, "Voyager-Offer-Proof")));
        assertFalse(Arrays.equals(expectedProof(f.enrol("d2"), NONCE, first.body()),
                Base64.getDecoder().decode(header(first, "Voyager-Offer-Proof"))));
    }

    @Test
    void aPostCheckCarriesItsNonceInTheBody() {
        f.production("1.1.0", SIZE);
        String secret = f.enrol("d1");
        HttpResponse<String> response = send(request("/v1/devices/d1/update").header("Authorization", "Bearer " + secret)
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{\"product\":\"" + PRODUCT
                        + "\",\"model\":\"" + S3 + "\",\"version\":\"1.0.0\",\"nonce\":\"" + NONCE + "\"}")));
        assertEquals(200, response.statusCode(), response::body);
        assertArrayEquals(expectedProof(secret, NONCE, response.body()),
                Base64.getDecoder().decode(header(response, "Voyager-Offer-Proof")));
    }

    @Test
    void a304ProvesTheHeldOfferIsCurrentForTheNewNonce() {
        f.production("1.1.0", SIZE);
        String secret = f.enrol("d1");
        HttpResponse<String> first = check("d1", secret, "&nonce=" + NONCE);
        String next = "a-second-nonce-0000000000000001";
        HttpResponse<String> again = check("d1", secret, "&nonce=" + next, "If-None-Match", header(first, "ETag"));

        assertEquals(304, again.statusCode());
        assertArrayEquals(expectedProof(secret, next, first.body()),
                Base64.getDecoder().decode(header(again, "Voyager-Offer-Proof")),
                "the proof covers the body the device holds");
        assertTrue(again.headers().firstValue("Voyager-Offer-Signature").isEmpty(), "a 304 has no body to sign");
    }

    @Test
    void withoutANonceTheOfferIsSignedButCarriesNoProof() {
        f.production("1.1.0", SIZE);
        HttpResponse<String> response = check("d1", f.enrol("d1"), "");
        assertEquals(200, response.statusCode(), response::body);
        assertTrue(signatureVerifies(f, response));
        assertTrue(response.headers().firstValue("Voyager-Offer-Proof").isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"short", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0",
            "0123456789abcdef%200123456789", "0123456789abcdef.0123456789", "0123456789abcdef%C3%A9012345"})
    void aMalformedNonceIsA400NamingIt(String nonce) {
        f.production("1.1.0", SIZE);
        HttpResponse<String> response = check("d1", f.enrol("d1"), "&nonce=" + nonce);
        assertProblem(response, 400, "invalid-parameter");
        assertTrue(response.body().contains("nonce"), response.body());
    }

    @Test
    void theOfferCarriesTheSignedManifestThatNamesWhatItOffers() {
        Release release = f.production("1.1.0", SIZE, b -> b.secureVersion(2));
        HttpResponse<String> response = check("d1", f.enrol("d1"), "&secureVersion=1");

        assertEquals(200, response.statusCode(), response::body);
        Map<String, Object> offer = TestJson.object(response.body());
        byte[] bytes = Base64.getDecoder().decode((String) offer.get("manifest"));
        ReleaseManifest manifest = ReleaseManifest.parse(bytes);
        assertArrayEquals(f.voyager.releases().manifest(release.id()).bytes(), bytes);
        assertEquals(PRODUCT, manifest.productId());
        assertEquals(offer.get("version"), manifest.version().toString());
        assertEquals(offer.get("sha256"), manifest.sha256());
        assertEquals(offer.get("size"), manifest.size());
        assertEquals(2, manifest.secureVersion());
        assertTrue(manifest.models().stream().anyMatch(m -> m.name().equals(S3)));
        assertFalse(offer.containsKey("manifestSignature"), "the fixture's product has no release key");
    }

    @Test
    void aDeviceIsNeverOfferedAReleaseBelowTheSecureVersionItReports() {
        f.production("1.1.0", SIZE, b -> b.secureVersion(1));
        String secret = f.enrol("d1");
        assertEquals(200, check("d1", secret, "&secureVersion=1").statusCode());
        HttpResponse<String> above = check("d1", secret, "&secureVersion=2");
        assertEquals(204, above.statusCode(), above::body);
        assertEquals("up-to-date", header(above, "X-Voyager-Reason"));
        assertProblem(check("d1", secret, "&secureVersion=-1"), 400, "invalid-parameter");
        assertProblem(check("d1", secret, "&secureVersion=x"), 400, "invalid-parameter");
    }

    @Test
    void theSequenceIsTheCatalogGenerationAndNeverGoesBackAcrossAHandlerRestart() {
        f.production("1.1.0", SIZE);
        String secret = f.enrol("d1");
        long before = (Long) TestJson.object(check("d1", secret, "").body()).get("sequence");
        assertEquals(f.voyager.snapshot().generation(), before);
        start(b -> b);
        long afterRestart = (Long) TestJson.object(check("d1", secret, "").body()).get("sequence");
        assertEquals(before, afterRestart, "a restarted front end offers the same sequence for the same catalog");
        f.production("1.2.0", SIZE);
        long later = (Long) TestJson.object(check("d1", secret, "").body()).get("sequence");
        assertTrue(later > before, later + " > " + before);
    }

    @Test
    void anEndorsedOfferKeyIsServedWithoutACredentialAndProvesItselfWithThePreviousKey() {
        String keyId = f.offerKey.keyId().hex();
        HttpResponse<String> response = send(request("/v1/offer-keys/" + keyId));

        assertEquals(200, response.statusCode(), response::body);
        String statement = response.body();
        assertTrue(statement.startsWith("voyager-offer-key 1\nkey ") && statement.endsWith("\n"), statement);
        byte[] der = Base64.getDecoder().decode(statement.substring("voyager-offer-key 1\nkey ".length(),
                statement.length() - 1));
        assertEquals(keyId, VerifyingKey.fromDer(der).keyId().hex(), "the statement names the key asked for");
        assertEquals(f.previousOfferKey.keyId().hex(), header(response, "Voyager-Offer-Key"));
        assertTrue(f.previousOfferKey.verifyingKey().verify(statement.getBytes(StandardCharsets.US_ASCII),
                new ReleaseSignature(ReleaseSignature.ECDSA_P256_SHA256, header(response, "Voyager-Offer-Signature"))));
        assertEquals(200, send(request("/v1/offer-keys/" + keyId).method("HEAD", BodyPublishers.noBody()))
                .statusCode());
    }

    @Test
    void anUnknownOrMalformedOfferKeyIdIsRefusedClearly() {
        assertProblem(send(request("/v1/offer-keys/" + "ab".repeat(32))), 404, "not-found");
        assertProblem(send(request("/v1/offer-keys/" + f.previousOfferKey.keyId().hex())), 404, "not-found");
        Map<String, Object> bad = assertProblem(send(request("/v1/offer-keys/ABC")), 400, "invalid-parameter");
        assertTrue(bad.toString().contains("keyId"), bad.toString());
        assertProblem(send(request("/v1/offer-keys/" + "ab".repeat(32)).POST(BodyPublishers.noBody())), 405,
                "method-not-allowed");
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
