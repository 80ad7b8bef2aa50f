package io.voyagerota.transport.mqtt;

import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.signing.VerifyingKey;
import io.voyagerota.testing.FlatJson;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reads a trigger's envelope as a device would: checks the offer key's signature, then reads the offer's fields. */
final class SignedTrigger {
    private SignedTrigger() {
    }

    static Map<String, String> offer(String payload, VerifyingKey offerKey) {
        Map<String, String> envelope = FlatJson.fields(payload);
        assertEquals(Set.of("offer", "signature", "key"), envelope.keySet(), "the trigger envelope's fields");
        byte[] body = Base64.getDecoder().decode(envelope.get("offer"));
        assertEquals(offerKey.keyId().hex(), envelope.get("key"), "names the offer key");
        assertTrue(offerKey.verify(body, new ReleaseSignature(ReleaseSignature.ECDSA_P256_SHA256,
                envelope.get("signature"))), "the offer key's signature verifies over the offer's bytes");
        return FlatJson.fields(new String(body, StandardCharsets.UTF_8));
    }
}
