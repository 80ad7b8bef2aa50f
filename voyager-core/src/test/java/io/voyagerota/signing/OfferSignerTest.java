package io.voyagerota.signing;

import io.voyagerota.catalog.ReleaseSignature;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("security")
class OfferSignerTest {
    private final SigningKey key = SigningKey.generate();

    private static byte[] body(String deviceId, String version) {
        return ("{\"version\":\"" + version + "\",\"deviceId\":\"" + deviceId + "\",\"sequence\":7}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private boolean verifies(byte[] body, SignedOffer signed) {
        return key.verifyingKey().verify(body, new ReleaseSignature(ReleaseSignature.ECDSA_P256_SHA256,
                signed.signatureBase64()));
    }

    @Test
    void theSameBodyForTheSameDeviceReusesItsSignatureAndAnyChangeSignsAnew() {
        OfferSigner signer = new OfferSigner(key, 16);
        byte[] body = body("d1", "1.0.0");
        byte[] padded = java.util.Arrays.copyOf(body, body.length + 40); // a buffer longer than the body
        SignedOffer first = signer.sign("d1", padded, body.length);
        assertTrue(verifies(body, first), "only the first length bytes are signed");
        assertSame(first, signer.sign("d1", body, body.length), "cached");
        SignedOffer changed = signer.sign("d1", body("d1", "1.0.1"), body("d1", "1.0.1").length);
        assertNotSame(first, changed);
        assertTrue(verifies(body("d1", "1.0.1"), changed));
        assertEquals(key.keyId().hex(), first.keyId());
        assertEquals(64, first.bodySha256().length());
    }

    @Test
    void withoutACacheEveryOfferIsSignedAnew() {
        OfferSigner signer = new OfferSigner(key, 0);
        byte[] body = body("d1", "1.0.0");
        SignedOffer a = signer.sign("d1", body, body.length);
        SignedOffer b = signer.sign("d1", body, body.length);
        assertNotEquals(a.signatureBase64(), b.signatureBase64(), "ECDSA signatures are randomised");
        assertTrue(verifies(body, a) && verifies(body, b));
    }

    @Test
    void fourDevicesShareASetAndAFifthEvictsTheOldestNeverMixingThemUp() {
        OfferSigner signer = new OfferSigner(key, 1); // rounded up to one set of four ways: every device lands on it
        List<SignedOffer> signed = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            byte[] body = body("d" + i, "1.0.0");
            signed.add(signer.sign("d" + i, body, body.length));
            assertTrue(verifies(body, signed.get(i - 1)));
        }
        for (int i = 1; i <= 4; i++) {
            byte[] body = body("d" + i, "1.0.0");
            assertSame(signed.get(i - 1), signer.sign("d" + i, body, body.length), "all four kept");
        }
        byte[] fifth = body("d5", "1.0.0");
        assertTrue(verifies(fifth, signer.sign("d5", fifth, fifth.length)));
        byte[] first = body("d1", "1.0.0");
        SignedOffer again = signer.sign("d1", first, first.length);
        assertNotSame(signed.get(0), again, "d1 was the oldest");
        assertTrue(verifies(first, again));
        byte[] newer = body("d1", "1.0.1");
        SignedOffer replaced = signer.sign("d1", newer, newer.length);
        assertTrue(verifies(newer, replaced));
        assertSame(replaced, signer.sign("d1", newer, newer.length), "a device's newer offer replaces its older");
        byte[] fourth = body("d4", "1.0.0");
        assertSame(signed.get(3), signer.sign("d4", fourth, fourth.length), "and does not push another out");
    }

    @Test
    void theProofIsAnHmacOfTheNonceAndTheBodyUnderTheDevicesKey() {
        byte[] body = body("d1", "1.0.0");
        SignedOffer signed = new OfferSigner(key).sign("d1", body, body.length);
        OfferProof.Key proofKey = OfferProof.Key.fromSecret("secret");
        String nonce = "0123456789abcdef";
        assertArrayEquals(OfferProof.proof(proofKey, nonce, OfferSigner.sha256(body, body.length)),
                Base64.getDecoder().decode(signed.proofBase64(proofKey, nonce)));
        assertNotEquals(signed.proofBase64(proofKey, nonce), signed.proofBase64(proofKey, nonce + "x"));
    }

    @Test
    void manyThreadsSigningAtOnceEachGetAValidSignature() throws Exception {
        OfferSigner signer = new OfferSigner(key, 8);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String device = "d" + (i % 20);
            byte[] body = body(device, "1.0." + (i % 3));
            results.add(pool.submit(() -> verifies(body, signer.sign(device, body, body.length))));
        }
        pool.shutdown();
        for (Future<Boolean> r : results) {
            assertTrue(r.get());
        }
    }
}
