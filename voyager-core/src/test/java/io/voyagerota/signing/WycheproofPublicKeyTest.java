package io.voyagerota.signing;

import io.voyagerota.support.Hex;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Project Wycheproof's P-256 public keys as SubjectPublicKeyInfo DER: the peer keys of {@code ecdh_secp256r1_test}
 * (committed under {@code src/test/resources/wycheproof} with their licence and source), read by
 * {@link VerifyingKey#fromDer}. Wycheproof has no file of key-decoding vectors for ECDSA; these are the ones it has,
 * and every vector there that is invalid is invalid for its public key (another curve, a point off the curve, a
 * damaged encoding, modified explicit parameters). Valid keys must decode to a point of the curve that writes back
 * the same SPKI; invalid ones must be refused with a {@link KeyFormatException}, never another exception; the
 * "acceptable" ones (BER encodings, compressed points, explicit curve parameters) may go either way but may only be
 * refused with a {@link KeyFormatException} too.
 */
@Tag("security")
class WycheproofPublicKeyTest {
    @Test
    void everyPublicKeyIsReadOrRefusedAsTheVectorsSay() throws IOException {
        Map<String, Object> file = WycheproofEcdsaTest.load("ecdh_secp256r1_test.json");
        List<String> wrong = new ArrayList<>();
        int valid = 0;
        int invalid = 0;
        int acceptable = 0;
        for (Map<String, Object> group : WycheproofEcdsaTest.list(file.get("testGroups"))) {
            assertEquals("secp256r1", group.get("curve"));
            assertEquals("asn", group.get("encoding"));
            for (Map<String, Object> test : WycheproofEcdsaTest.list(group.get("tests"))) {
                byte[] spki = Hex.decode((String) test.get("public"));
                String result = (String) test.get("result");
                String outcome;
                try {
                    VerifyingKey key = VerifyingKey.fromDer(spki);
                    outcome = Arrays.equals(spki, key.toDer()) ? "read" : "read but written differently";
                } catch (KeyFormatException refused) {
                    outcome = "refused";
                } catch (RuntimeException e) {
                    outcome = "failed with " + e;
                }
                boolean right = switch (result) {
                    case "valid" -> outcome.equals("read");
                    case "invalid" -> outcome.equals("refused");
                    case "acceptable" -> outcome.startsWith("read") || outcome.equals("refused");
                    default -> throw new AssertionError("unknown result " + result);
                };
                switch (result) {
                    case "valid" -> valid++;
                    case "invalid" -> invalid++;
                    default -> acceptable++;
                }
                if (!right) {
                    wrong.add("tcId " + test.get("tcId") + " (" + result + ", " + test.get("comment") + ", flags "
                            + test.get("flags") + "): " + outcome);
                }
            }
        }
        assertEquals(((Long) file.get("numberOfTests")).intValue(), valid + invalid + acceptable);
        assertTrue(valid > 300 && invalid > 40, valid + " valid and " + invalid + " invalid keys");
        assertEquals(List.of(), wrong, wrong.size() + " keys went the wrong way");
    }
}
