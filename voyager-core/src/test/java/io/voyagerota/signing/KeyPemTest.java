package io.voyagerota.signing;

import static io.voyagerota.signing.PemFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.voyagerota.InvalidInputException;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.support.Hex;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every PEM form a release key arrives in, read against keys OpenSSL wrote ({@link PemFixtures}). */
class KeyPemTest {
    private static final String P256_PARAMETERS = """
            -----BEGIN EC PARAMETERS-----
            BggqhkjOPQMBBw==
            -----END EC PARAMETERS-----
            """;

    @Test
    void readsTheSec1FormOpensslEcparamWritesAndWritesItBackAsOpensslPkeyDoes() {
        SigningKey key = SigningKey.fromPem(SEC1_WITH_PARAMETERS);
        assertEquals(new KeyId(SEC1_KEY_ID), key.keyId());
        assertEquals(SEC1_PUBLIC, key.verifyingKey().toPem());
        assertEquals(SEC1_AS_PKCS8, key.toPem(), "byte-for-byte what openssl pkey writes");
    }

    @Test
    void everyWayTheSameKeyIsWrittenGivesTheSameKey() {
        String withoutParameterBlock = SEC1_WITH_PARAMETERS.substring(SEC1_WITH_PARAMETERS.indexOf("-----BEGIN EC"
                + " PRIVATE KEY"));
        String parameterBlockAfter = withoutParameterBlock + P256_PARAMETERS;
        for (String pem : new String[] {withoutParameterBlock, parameterBlockAfter, SEC1_AS_PKCS8,
                SEC1_WITHOUT_PUBLIC, sec1(false, true), P256_PARAMETERS + sec1(false, false)}) {
            assertEquals(SEC1_KEY_ID, SigningKey.fromPem(pem).keyId().hex(), pem);
        }
        VerifyingKey uncompressed = VerifyingKey.fromPem(SEC1_PUBLIC);
        VerifyingKey compressed = VerifyingKey.fromPem(SEC1_PUBLIC_COMPRESSED);
        assertEquals(uncompressed, compressed);
        assertEquals(uncompressed.hashCode(), compressed.hashCode());
        assertEquals(SEC1_PUBLIC, compressed.toPem(), "written with the point uncompressed, as openssl does");
        assertEquals(SEC1_KEY_ID, compressed.keyId().hex());
    }

    @Test
    void readsPkcs8FromOpensslGenpkeyAndWritesItBackUnchanged() {
        SigningKey key = SigningKey.fromPem(PKCS8);
        assertEquals(PKCS8, key.toPem());
        assertEquals(key.verifyingKey(), VerifyingKey.fromPem(key.verifyingKey().toPem()));
        assertNotEquals(SEC1_KEY_ID, key.keyId().hex());
    }

    @Test
    void aSignatureOpensslMadeVerifiesWithTheKeyItsFileHolds() {
        byte[] message = MESSAGE.getBytes(StandardCharsets.US_ASCII);
        ReleaseSignature signature = EcdsaSignatures.toReleaseSignature(
                EcdsaSignatures.derToP1363(Hex.decode(MESSAGE_SIGNATURE_DER)));
        assertTrue(VerifyingKey.fromPem(SEC1_PUBLIC).verify(message, signature));
        assertTrue(SigningKey.fromPem(SEC1_WITHOUT_PUBLIC).verifyingKey().verify(message, signature));
        assertFalse(SigningKey.fromPem(PKCS8).verifyingKey().verify(message, signature));
    }

    @Test
    void toleratesWhatPeoplePasteAroundAKey() {
        String crlf = SEC1_PUBLIC.replace("\n", "\r\n");
        String indented = SEC1_PUBLIC.lines().map(l -> "    " + l + "  ").reduce("", (a, b) -> a + b + "\n");
        String commented = "release key of the locker line\n\n" + SEC1_PUBLIC + "\n(end)\n";
        for (String pem : new String[] {crlf, indented, commented, SEC1_PUBLIC.strip()}) {
            assertEquals(SEC1_KEY_ID, VerifyingKey.fromPem(pem).keyId().hex(), pem);
        }
        assertEquals(SEC1_KEY_ID, SigningKey.fromPem(SEC1_WITH_PARAMETERS.replace("\n", "\r\n")).keyId().hex());
    }

    /** Each row: the fixture, what the message must say was found, and the command or step it must suggest. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        P384_SEC1       | is an EC key on curve P-384 (secp384r1), but   | openssl ecparam -name prime256v1 -genkey
        P384_PKCS8      | is an EC key on curve P-384 (secp384r1), but   | openssl ecparam -name prime256v1 -genkey
        SECP256K1_SEC1  | is an EC key on curve secp256k1, but releases  | openssl ecparam -name prime256v1 -genkey
        ED25519_PKCS8   | is an Ed25519 key, but releases are signed     | openssl ecparam -name prime256v1 -genkey
        RSA_PKCS8       | is an RSA key, but releases are signed with    | openssl ecparam -name prime256v1 -genkey
        RSA_TRADITIONAL | is an RSA key, but releases are signed with    | openssl ecparam -name prime256v1 -genkey
        ENCRYPTED_PKCS8 | is an encrypted PKCS#8 key; decrypt it first   | openssl pkcs8 -topk8 -nocrypt -in key.pem
        ENCRYPTED_SEC1  | is encrypted with a passphrase; decrypt it     | openssl pkcs8 -topk8 -nocrypt -in key.pem
        SEC1_EXPLICIT   | spells its curve out as explicit parameters    | -ec_param_enc named_curve -out named.pem
        SEC1_PUBLIC     | is a public key; signing needs the private key | the product is configured with the public one
        CERTIFICATE     | has a 'CERTIFICATE' PEM block; expected        | openssl ecparam -name prime256v1 -genkey
        """)
    void refusesPrivateKeysThatAreNotUsableSayingWhatWasFoundAndWhatToDo(String fixture, String found, String todo) {
        KeyFormatException e = assertThrows(KeyFormatException.class, () -> SigningKey.fromPem(fixture(fixture)));
        assertTrue(e.getMessage().startsWith("the signing key " + found)
                || e.getMessage().startsWith("the key " + found), e.getMessage());
        assertTrue(e.getMessage().contains(todo), e.getMessage());
        assertEquals("invalid-key", e.code());
    }

    @Test
    void aP384KeyIsRefusedWithTheWholeStory() {
        assertMessage(() -> SigningKey.fromPem(P384_SEC1), "the signing key is an EC key on curve P-384 (secp384r1),"
                + " but releases are signed with ECDSA P-256 (prime256v1); generate a P-256 key with: openssl ecparam"
                + " -name prime256v1 -genkey -noout -out release.pem");
    }

    /** Each row: the fixture, what the message must say was found, and the command or step it must suggest. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        P384_PUBLIC          | is an EC key on curve P-384 (secp384r1), but | openssl pkey -in release.pem -pubout
        ED25519_PUBLIC       | is an Ed25519 key, but releases are signed   | openssl ecparam -name prime256v1 -genkey
        RSA_PUBLIC           | is an RSA key, but releases are signed with  | openssl ecparam -name prime256v1 -genkey
        PUBLIC_EXPLICIT      | spells its curve out as explicit parameters  | -ec_param_enc named_curve -out named.pem
        CERTIFICATE          | is a certificate; give its public key        | openssl x509 -in cert.pem -pubkey -noout
        SEC1_WITH_PARAMETERS | holds 2 PEM blocks; give exactly one         | '-----BEGIN PUBLIC KEY-----' block
        SEC1_AS_PKCS8        | is a private key; never hand the private key | openssl pkey -in release.pem -pubout
        ENCRYPTED_PKCS8      | is a private key; never hand the private key | openssl pkey -in release.pem -pubout
        """)
    void refusesPublicKeysThatAreNotUsableSayingWhatWasFoundAndWhatToDo(String fixture, String found, String todo) {
        KeyFormatException e = assertThrows(KeyFormatException.class, () -> VerifyingKey.fromPem(fixture(fixture)));
        assertTrue(e.getMessage().startsWith("the release public key " + found)
                || e.getMessage().startsWith("the key " + found), e.getMessage());
        assertTrue(e.getMessage().contains(todo), e.getMessage());
    }

    @Test
    void refusesBrokenPem() {
        assertMessage(() -> VerifyingKey.fromPem("hello"), "the release public key is not PEM: no '-----BEGIN …-----'"
                + " line was found; give the whole .pem file as openssl writes it");
        String body = SEC1_PUBLIC.lines().skip(1).limit(2).reduce("", String::concat);
        assertMessage(() -> VerifyingKey.fromPem(body), "the release public key is not PEM: no '-----BEGIN …-----'"
                + " line was found; give the whole .pem file as openssl writes it; this looks like bare base64 DER,"
                + " wrap it in its BEGIN and END lines");
        assertMessage(() -> VerifyingKey.fromPem(SEC1_PUBLIC.substring(0, 100)), "the release public key has a"
                + " 'PUBLIC KEY' PEM block without its '-----END PUBLIC KEY-----' line; the text was probably cut"
                + " short, copy the whole file");
        assertMessage(() -> VerifyingKey.fromPem(SEC1_PUBLIC.replace("END PUBLIC", "END PRIVATE")), "the release public"
                + " key has a PEM block that begins as 'PUBLIC KEY' but ends as 'PRIVATE KEY'; the file is damaged,"
                + " export the key again");
        assertTrue(message(() -> VerifyingKey.fromPem(SEC1_PUBLIC.replace("MFkw", "MF*w"))).startsWith(
                "the release public key has damaged base64 in its 'PUBLIC KEY' PEM block ("));
        assertMessage(() -> SigningKey.fromPem(SEC1_WITH_PARAMETERS + PKCS8), "the signing key holds more than one"
                + " private key; give a file with exactly one");
        assertMessage(() -> SigningKey.fromPem(P256_PARAMETERS), "the signing key has an EC PARAMETERS block but no"
                + " private key block; copy the whole key file, or generate a P-256 key with: openssl ecparam -name"
                + " prime256v1 -genkey -noout -out release.pem");
        assertMessage(() -> SigningKey.fromPem(P256_PARAMETERS.replace("BggqhkjOPQMBBw==", "BgUrgQQAIg==")
                + SEC1_WITH_PARAMETERS.substring(SEC1_WITH_PARAMETERS.indexOf("-----BEGIN EC PRI"))),
                "the signing key's EC PARAMETERS block names curve P-384 (secp384r1), but releases are signed with"
                        + " ECDSA P-256 (prime256v1); generate a P-256 key with: openssl ecparam -name prime256v1"
                        + " -genkey -noout -out release.pem");
    }

    @Test
    void refusesDamagedKeyStructures() {
        byte[] spki = VerifyingKey.fromPem(SEC1_PUBLIC).toDer();
        byte[] offCurve = spki.clone();
        offCurve[offCurve.length - 1] ^= 1;
        assertMessage(() -> VerifyingKey.fromDer(offCurve), "the release public key is not a point of the P-256"
                + " curve; the key is damaged or of another curve; generate a P-256 key with: openssl ecparam -name"
                + " prime256v1 -genkey -noout -out release.pem");
        byte[] truncated = java.util.Arrays.copyOf(spki, spki.length - 1);
        assertMessage(() -> VerifyingKey.fromDer(truncated), "the release public key is not a well-formed"
                + " SubjectPublicKeyInfo (an element claims 89 bytes but only 88 follow (truncated?)); export it again"
                + " with: openssl pkey -in release.pem -pubout -out release.pub.pem");
        byte[] trailing = java.util.Arrays.copyOf(spki, spki.length + 1);
        assertTrue(message(() -> VerifyingKey.fromDer(trailing)).contains("1 unexpected byte follows the"
                + " SubjectPublicKeyInfo"));
        assertMessage(() -> SigningKey.fromPem(sec1(false, false)), "the signing key names no curve and carries no"
                + " public key, so it cannot be told apart from a key of another 256-bit curve; if you know it is a"
                + " P-256 key, put these three lines, which name prime256v1, before it: -----BEGIN EC PARAMETERS-----"
                + " / BggqhkjOPQMBBw== / -----END EC PARAMETERS-----; otherwise generate a P-256 key with: openssl"
                + " ecparam -name prime256v1 -genkey -noout -out release.pem");
        String piecedTogether = SEC1_WITH_PARAMETERS.replace(pemBody(SEC1_WITH_PARAMETERS, "EC PRIVATE KEY"),
                Base64.getMimeEncoder().encodeToString(sec1WithPoint(SigningKey.fromPem(PKCS8).verifyingKey())) + "\n");
        assertTrue(message(() -> SigningKey.fromPem(piecedTogether)).startsWith("the signing key stores a public key"
                + " that does not belong to its private key; the file is damaged or was pieced together."));
    }

    @Test
    void generatedKeysSurviveTheirOwnPemAndDiffer() {
        SigningKey first = SigningKey.generate();
        SigningKey again = SigningKey.fromPem(first.toPem());
        assertEquals(first.keyId(), again.keyId());
        assertEquals(first.toPem(), again.toPem());
        assertEquals(first.verifyingKey(), VerifyingKey.fromPem(first.verifyingKey().toPem()));
        assertNotEquals(first.keyId(), SigningKey.generate().keyId());
        assertTrue(first.toPem().startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertEquals("SigningKey[P-256 " + first.keyId().shortForm() + "]", first.toString(), "never the secret");
        assertEquals("VerifyingKey[P-256 " + first.keyId().shortForm() + "]", first.verifyingKey().toString());
    }

    @Test
    void wrapsOnlyP256JdkKeys() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp384r1"));
        assertMessage(() -> VerifyingKey.of(ec.generateKeyPair().getPublic()), "the release public key is an EC key"
                + " on another curve than P-256 (secp256r1); generate the key pair on secp256r1");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(1024);
        assertMessage(() -> VerifyingKey.of(rsa.generateKeyPair().getPublic()), "the release public key is an RSA key,"
                + " but releases are signed with ECDSA P-256; generate the key pair on secp256r1");
        VerifyingKey key = VerifyingKey.fromPem(SEC1_PUBLIC);
        assertEquals(key, VerifyingKey.of(key.publicKey()));
    }

    @Test
    void keyIdsAreStrictLowercaseHex() {
        KeyId id = new KeyId(SEC1_KEY_ID);
        assertEquals(SEC1_KEY_ID, id.toString());
        assertEquals("0f2c3fca94f782b0", id.shortForm());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new KeyId(SEC1_KEY_ID.toUpperCase()));
        assertTrue(e.getMessage().endsWith("is not valid: 64 lowercase hex digits (the SHA-256 of the public key's"
                + " DER)"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> new KeyId(SEC1_KEY_ID.substring(2)));
    }

    // ---- helpers ----

    private static String fixture(String name) throws ReflectiveOperationException {
        return (String) PemFixtures.class.getDeclaredField(name).get(null);
    }

    /** The fixture key rewritten as SEC1 with or without its [0] curve and [1] public point. */
    private static String sec1(boolean withCurve, boolean withPoint) {
        SigningKey key = SigningKey.fromPem(SEC1_WITH_PARAMETERS);
        BigInteger d = scalarOf(SEC1_WITH_PARAMETERS);
        byte[] curve = withCurve ? Der.element(Der.CONTEXT_0, Der.oid(P256.CURVE_OID)) : new byte[0];
        byte[] point = withPoint ? Der.element(Der.CONTEXT_1, Der.bitString(key.verifyingKey().uncompressedPoint()))
                : new byte[0];
        byte[] der = Der.sequence(Der.integer(BigInteger.ONE), Der.octetString(P256.fixed(d)), curve, point);
        return Pem.encode(KeyCodec.EC_PRIVATE_KEY, der);
    }

    private static byte[] sec1WithPoint(VerifyingKey other) {
        BigInteger d = scalarOf(SEC1_WITH_PARAMETERS);
        return Der.sequence(Der.integer(BigInteger.ONE), Der.octetString(P256.fixed(d)),
                Der.element(Der.CONTEXT_0, Der.oid(P256.CURVE_OID)),
                Der.element(Der.CONTEXT_1, Der.bitString(other.uncompressedPoint())));
    }

    /** The private scalar of a SEC1 fixture: bytes 7 to 39 of its DER, after the version. */
    private static BigInteger scalarOf(String sec1Pem) {
        byte[] der = Base64.getMimeDecoder().decode(pemBody(sec1Pem, "EC PRIVATE KEY"));
        return new BigInteger(1, java.util.Arrays.copyOfRange(der, 7, 39));
    }

    private static String pemBody(String pem, String label) {
        int start = pem.indexOf("-----BEGIN " + label + "-----") + label.length() + 17;
        return pem.substring(start, pem.indexOf("-----END " + label + "-----"));
    }

    private static String message(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(KeyFormatException.class, call).getMessage();
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String expected) {
        assertEquals(expected, message(call));
    }
}
