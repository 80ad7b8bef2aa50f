package io.voyagerota.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.voyagerota.support.Hex;
import io.voyagerota.testing.PropertySeed;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DER ↔ r‖s conversion: exact round trips, agreement with the JDK's own DER ECDSA, and the strict rejections
 * openssl also makes (it re-encodes a parsed signature and refuses any that differs).
 */
class EcdsaSignaturesTest {
    private static final BigInteger N = P256.N;
    private static final String R1 = "0201" + "01";
    private static final String S1 = "0201" + "01";

    @Test
    void opensslsSignatureRoundTripsExactly() {
        byte[] der = Hex.decode(PemFixtures.MESSAGE_SIGNATURE_DER);
        byte[] p1363 = EcdsaSignatures.derToP1363(der);
        assertEquals(64, p1363.length);
        assertArrayEquals(der, EcdsaSignatures.p1363ToDer(p1363));
        assertArrayEquals(p1363, EcdsaSignatures.toP1363(EcdsaSignatures.toReleaseSignature(p1363)));
    }

    @Test
    void anyValidPairRoundTripsThroughDer() {
        PropertySeed.check("DER/P1363 round trip", 3_000, random -> {
            BigInteger r = scalar(random);
            BigInteger s = scalar(random);
            byte[] p1363 = new byte[64];
            System.arraycopy(P256.fixed(r), 0, p1363, 0, 32);
            System.arraycopy(P256.fixed(s), 0, p1363, 32, 32);
            byte[] der = EcdsaSignatures.p1363ToDer(p1363);
            assertArrayEquals(p1363, EcdsaSignatures.derToP1363(der), r + ", " + s);
            assertEquals(0x30, der[0] & 0xff);
            assertTrue(der.length <= 72, "at most 2 + 2 × (2 + 33) bytes: " + der.length);
        });
    }

    @Test
    void agreesWithTheJdksDerEcdsaBothWays() {
        SigningKey key = SigningKey.generate();
        PropertySeed.check("DER ECDSA interop with the JDK", 100, random -> {
            byte[] message = new byte[random.nextInt(2_000)];
            random.nextBytes(message);
            Signature der = Signature.getInstance("SHA256withECDSA");
            der.initSign(jdkPrivateKey(key));
            der.update(message);
            byte[] jdkDer = der.sign();
            assertTrue(key.verifyingKey().verify(message,
                    EcdsaSignatures.toReleaseSignature(EcdsaSignatures.derToP1363(jdkDer))));

            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key.verifyingKey().publicKey());
            verifier.update(message);
            assertTrue(verifier.verify(EcdsaSignatures.p1363ToDer(EcdsaSignatures.toP1363(key.sign(message)))));
        });
    }

    @Test
    void integersNeedingTheirSignByteAndShortIntegersAreEncodedMinimally() {
        byte[] p1363 = new byte[64];
        p1363[0] = (byte) 0x80; // r has its top bit set: DER needs a leading 00
        p1363[63] = 1;          // s = 1: one byte
        byte[] der = EcdsaSignatures.p1363ToDer(p1363);
        assertEquals("3026" + "022100" + "80" + "00".repeat(31) + "020101", Hex.encode(der));
        assertArrayEquals(p1363, EcdsaSignatures.derToP1363(der));
        String nMinusOne = Hex.encode(P256.fixed(N.subtract(BigInteger.ONE)));
        byte[] largest = Hex.decode(nMinusOne + nMinusOne);
        assertArrayEquals(largest, EcdsaSignatures.derToP1363(EcdsaSignatures.p1363ToDer(largest)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty               |                        | expected the signature SEQUENCE (tag 0x30) but found the end",
        "not a SEQUENCE      | 3106020101020101       | expected the signature SEQUENCE (tag 0x30) but found tag 0x31",
        "indefinite length   | 3080020101020101 0000  | it uses an indefinite length, which DER forbids",
        "long form for short | 308106020101020101     | an element length is not in its shortest form (not DER)",
        "truncated           | 3008020101020101       | an element claims 8 bytes but only 6 follow (truncated?)",
        "trailing garbage    | 300602010102010100     | 1 unexpected byte follows the signature",
        "three integers      | 3009020101020101020101 | 3 unexpected bytes follow r and s",
        "only r              | 3003020101             | expected s (tag 0x2) but found the end",
        "padded r            | 300702020001020101     | r is an INTEGER with a redundant leading byte (not DER)",
        "negative s          | 3006020101020181       | s is negative",
        "empty r             | 30050200020101         | r is an empty INTEGER",
        "r as OCTET STRING   | 3006040101020101       | expected r (tag 0x2) but found tag 0x4",
    })
    void malformedDerIsRefusedSayingWhy(String name, String hex, String reason) {
        byte[] der = hex == null ? new byte[0] : Hex.decode(hex.replace(" ", ""));
        SignatureFormatException e = assertThrows(SignatureFormatException.class,
                () -> EcdsaSignatures.derToP1363(der));
        assertEquals("the DER signature of " + der.length + " bytes is malformed: " + reason
                + "; pass the exact file written by openssl dgst -sha256 -sign", e.getMessage());
        assertEquals("invalid-signature", e.code());
    }

    @Test
    void rAndSOutsideTheGroupAreRefusedInBothDirections() {
        String zero = "3006" + "020100" + S1;
        assertRange(() -> EcdsaSignatures.derToP1363(Hex.decode(zero)), "r is zero");
        byte[] n = Der.integer(N);
        byte[] sIsN = Der.sequence(Hex.decode(R1), n);
        assertRange(() -> EcdsaSignatures.derToP1363(sIsN), "s is not below the P-256 group order n");
        byte[] huge = Der.sequence(Der.integer(BigInteger.ONE.shiftLeft(300)), Hex.decode(S1));
        assertRange(() -> EcdsaSignatures.derToP1363(huge), "r is not below the P-256 group order n");

        byte[] p1363 = new byte[64];
        p1363[31] = 1;
        assertRange(() -> EcdsaSignatures.p1363ToDer(p1363), "s is zero");
        System.arraycopy(P256.fixed(N), 0, p1363, 32, 32);
        assertRange(() -> EcdsaSignatures.p1363ToDer(p1363), "s is not below the P-256 group order n");
    }

    @Test
    void rawSignaturesMustHave64Bytes() {
        assertEquals("an ECDSA P-256 r‖s signature has 64 bytes, not 63",
                assertThrows(SignatureFormatException.class, () -> EcdsaSignatures.p1363ToDer(new byte[63]))
                        .getMessage());
        byte[] der = Hex.decode(PemFixtures.MESSAGE_SIGNATURE_DER);
        assertEquals("an ECDSA P-256 r‖s signature has 64 bytes, not " + der.length + "; this looks like DER, convert"
                + " it with EcdsaSignatures.derToP1363", assertThrows(SignatureFormatException.class,
                        () -> EcdsaSignatures.toReleaseSignature(der)).getMessage());
    }

    private static void assertRange(org.junit.jupiter.api.function.Executable call, String what) {
        assertEquals("the signature's " + what + "; a valid ECDSA P-256 signature has r and s in 1…n−1, so this one"
                + " is damaged", assertThrows(SignatureFormatException.class, call).getMessage());
    }

    /** Uniform in 1…n−1, or an edge: tiny, top bit set, just below n. */
    private static BigInteger scalar(SplittableRandom random) {
        switch (random.nextInt(5)) {
            case 0:
                return BigInteger.valueOf(1 + random.nextInt(300));
            case 1:
                return N.subtract(BigInteger.valueOf(1 + random.nextInt(300)));
            case 2:
                return BigInteger.ONE.shiftLeft(255).add(BigInteger.valueOf(random.nextInt(1000)));
            default:
                byte[] bytes = new byte[32];
                random.nextBytes(bytes);
                BigInteger value = new BigInteger(1, bytes).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
                return random.nextBoolean() ? value : value.shiftRight(random.nextInt(256)).max(BigInteger.ONE);
        }
    }

    /** The private key as the JDK reads our PKCS#8, which also checks that the JDK accepts what we write. */
    private static PrivateKey jdkPrivateKey(SigningKey key) throws Exception {
        String pem = key.toPem();
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(pem.indexOf('\n'), pem.indexOf("-----END")));
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
    }
}
