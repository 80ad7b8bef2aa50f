package io.voyagerota.signing;

import io.voyagerota.InvalidInputException;
import io.voyagerota.catalog.ArtifactKind;
import io.voyagerota.catalog.ArtifactPart;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.ReleaseManifest;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.support.Hex;
import io.voyagerota.testing.SdkVectorFile;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trust chain's vectors, {@code protocol/vectors/trust.txt}: release manifests with release-key
 * signatures, offer bodies with offer-key signatures and nonce proofs, and offer-key rotation statements. Signatures
 * are randomised, so the file is generated once (with {@code -Dvoyager.writeVectors=true}) and from then on both this
 * test and the SDK's C test verify every line of the committed file, each with its own implementation.
 */
@Tag("security")
class TrustVectorsTest {
    private static final String NAME = "trust.txt";
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder UNB64 = Base64.getDecoder();

    @Test
    void everyCommittedVectorVerifiesAsItSays() throws IOException {
        Path file = vectorFile();
        if (Boolean.getBoolean(SdkVectorFile.WRITE_PROPERTY)) {
            Files.writeString(file, render(), StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(file), file + " is missing: generate it with mvn -pl voyager-core test"
                + " -Dtest=TrustVectorsTest -D" + SdkVectorFile.WRITE_PROPERTY + "=true");
        VerifyingKey release = null;
        VerifyingKey offer = null;
        int checked = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String kind = line.substring(0, line.indexOf(' '));
            Map<String, String> f = fields(line.substring(kind.length() + 1));
            switch (kind) {
                case "keys" -> {
                    release = VerifyingKey.fromDer(UNB64.decode(f.get("release")));
                    offer = VerifyingKey.fromDer(UNB64.decode(f.get("offer")));
                    assertEquals(f.get("proof-key"), Hex.encode(OfferProof.Key.fromSecret(f.get("secret")).bytes()));
                }
                case "manifest" -> checkManifest(release, f);
                case "offer" -> checkOffer(offer, f, line);
                case "statement" -> checkStatement(f.get("by").equals("release") ? release : offer, f);
                default -> throw new AssertionError("unknown vector line: " + line);
            }
            checked++;
        }
        assertTrue(checked >= 15, "the file holds every kind of vector: " + checked);
    }

    private static void checkManifest(VerifyingKey release, Map<String, String> f) {
        byte[] bytes = UNB64.decode(f.get("bytes"));
        switch (f.get("expect")) {
            case "malformed" -> assertThrows(InvalidInputException.class, () -> ReleaseManifest.parse(bytes),
                    new String(bytes, StandardCharsets.UTF_8));
            case "bad-signature" -> {
                ReleaseManifest.parse(bytes);
                assertFalse(release.verify(bytes, signature(f.get("sig"))));
            }
            case "ok" -> {
                assertTrue(release.verify(bytes, signature(f.get("sig"))));
                ReleaseManifest m = ReleaseManifest.parse(bytes);
                assertEquals(f.get("product"), m.productId());
                assertEquals(f.get("version"), m.version().toString());
                assertEquals(f.get("secure-version"), String.valueOf(m.secureVersion()));
                assertEquals(f.get("format"), m.format() == ArtifactKind.BUNDLE ? "bundle" : "app-image");
                assertEquals(f.get("models"), m.models().stream().map(x -> x.name() + ":" + x.chip().wireName())
                        .collect(Collectors.joining(",")));
                assertEquals(f.get("size"), String.valueOf(m.size()));
                assertEquals(f.get("sha256"), m.sha256());
                assertEquals(f.get("parts"), parts(m.parts()));
            }
            default -> throw new AssertionError("unknown expectation " + f.get("expect"));
        }
    }

    private static void checkOffer(VerifyingKey offer, Map<String, String> f, String line) {
        byte[] body = UNB64.decode(f.get("body"));
        assertEquals(offer.keyId().hex(), f.get("key"), line);
        boolean signed = offer.verify(body, signature(f.get("sig")));
        OfferProof.Key proofKey = OfferProof.Key.fromSecret(f.get("secret"));
        boolean proved = Arrays.equals(UNB64.decode(f.get("proof")), OfferProof.proof(proofKey, f.get("nonce"),
                sha256(body)));
        switch (f.get("expect")) {
            case "ok" -> assertTrue(signed && proved, line);
            case "bad-signature" -> assertFalse(signed, line);
            case "bad-proof" -> assertTrue(signed && !proved, line);
            default -> throw new AssertionError("unknown expectation " + f.get("expect"));
        }
    }

    private static void checkStatement(VerifyingKey endorser, Map<String, String> f) {
        byte[] body = UNB64.decode(f.get("body"));
        String text = new String(body, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("voyager-offer-key 1\nkey ") && text.endsWith("\n"), text);
        byte[] der = UNB64.decode(text.substring("voyager-offer-key 1\nkey ".length(), text.length() - 1));
        assertEquals(f.get("new-key-id"), VerifyingKey.fromDer(der).keyId().hex());
        boolean ok = endorser.verify(body, signature(f.get("sig")));
        assertEquals(f.get("expect").equals("ok"), ok);
    }

    /** A fresh set of vectors: new keys, new signatures. */
    static String render() {
        SigningKey release = SigningKey.generate();
        SigningKey offer = SigningKey.generate();
        SigningKey stranger = SigningKey.generate();
        SigningKey next = SigningKey.generate();
        String secret = "s3cr3t-T0ken_for-24:0a:c4:12:34:56";
        StringBuilder out = new StringBuilder(SdkVectorFile.header("Trust chain vectors", "TrustVectorsTest"));
        out.append("# keys release=<b64 DER> offer=<b64 DER> secret=<device secret> proof-key=<hex>\n");
        out.append("# manifest bytes=<b64> sig=<b64|none> expect=ok|bad-signature|malformed [parsed fields]\n");
        out.append("# offer body=<b64> sig=<b64> key=<key id> secret=<s> nonce=<n> proof=<b64>"
                + " expect=ok|bad-signature|bad-proof\n");
        out.append("# statement body=<b64> sig=<b64> by=release|offer expect=ok|bad-signature new-key-id=<hex>\n");
        out.append("keys release=").append(B64.encodeToString(release.verifyingKey().toDer()))
                .append(" offer=").append(B64.encodeToString(offer.verifyingKey().toDer()))
                .append(" secret=").append(secret)
                .append(" proof-key=").append(Hex.encode(OfferProof.Key.fromSecret(secret).bytes())).append('\n');

        String sha = "5c559336109b88bb6be1ae3975ee04436f45bf9e876051bd6fa94d1746ea06a4";
        String fw = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
        String ui = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";
        ReleaseManifest image = new ReleaseManifest("locker", Version.parse("1.4.2"), 2, ArtifactKind.APP_IMAGE,
                List.of(new HardwareModel("locker-s3", Chip.ESP32_S3)), 1_536_000, sha, List.of());
        ReleaseManifest bundle = new ReleaseManifest("locker", Version.parse("2.0.0-rc.1+build.7"), 0,
                ArtifactKind.BUNDLE, List.of(new HardwareModel("locker-c3", Chip.ESP32_C3),
                new HardwareModel("locker-s3", Chip.ESP32_S3)), 12 + 4096 + 65536, sha,
                List.of(new ArtifactPart("firmware", 12, 4096, fw), new ArtifactPart("ui", 4108, 65536, ui)));
        for (ReleaseManifest m : List.of(image, bundle)) {
            out.append("manifest bytes=").append(B64.encodeToString(m.bytes())).append(" sig=")
                    .append(release.sign(m.bytes()).base64()).append(" expect=ok product=").append(m.productId())
                    .append(" version=").append(m.version()).append(" secure-version=").append(m.secureVersion())
                    .append(" format=").append(m.format() == ArtifactKind.BUNDLE ? "bundle" : "app-image")
                    .append(" models=").append(m.models().stream().map(x -> x.name() + ":" + x.chip().wireName())
                            .collect(Collectors.joining(",")))
                    .append(" size=").append(m.size()).append(" sha256=").append(m.sha256())
                    .append(" parts=").append(parts(m.parts())).append('\n');
        }
        byte[] altered = image.bytes().clone();
        altered[altered.length - 2] = (byte) (altered[altered.length - 2] == 'a' ? 'b' : 'a');
        manifestLine(out, altered, release.sign(image.bytes()), "bad-signature");
        manifestLine(out, image.bytes(), stranger.sign(image.bytes()), "bad-signature");
        String text = new String(image.bytes(), StandardCharsets.UTF_8);
        for (String broken : List.of(text.substring(0, text.length() - 1), text.replace("\n", "\r\n"),
                text.replace("secure-version 2", "secure-version 02"), text.replace(sha, sha.toUpperCase()),
                text.replace("version 1.4.2", "version v1.4.2"), text.replace("product locker", "product  locker"),
                text + "extra line\n", text.replace("voyager-manifest 1", "voyager-manifest 2"),
                text.replace("model locker-s3 esp32s3\n", ""), text.replace("esp32s3", "ESP32-S3"),
                new String(bundle.bytes(), StandardCharsets.UTF_8).replace("part firmware", "part fw"),
                text.replace("size 1536000\nsha256", "sha256"))) {
            manifestLine(out, broken.getBytes(StandardCharsets.UTF_8), null, "malformed");
        }

        byte[] body = ("{\"version\":\"1.4.2\",\"kind\":\"rollback\",\"deviceId\":\"24:0a:c4:12:34:56\","
                + "\"sequence\":42}").getBytes(StandardCharsets.UTF_8);
        OfferSigner signer = new OfferSigner(offer, 0);
        SignedOffer signed = signer.sign("24:0a:c4:12:34:56", body, body.length);
        OfferProof.Key proofKey = OfferProof.Key.fromSecret(secret);
        String nonce = "0123456789abcdef0123456789abcdef";
        offerLine(out, body, signed.signatureBase64(), offer, secret, nonce, signed.proofBase64(proofKey, nonce), "ok");
        byte[] tampered = body.clone();
        tampered[12] = '3'; // 1.4.2 -> 1.3.2
        offerLine(out, tampered, signed.signatureBase64(), offer, secret, nonce,
                B64.encodeToString(OfferProof.proof(proofKey, nonce, sha256(tampered))), "bad-signature");
        offerLine(out, body, signed.signatureBase64(), offer, secret, nonce,
                signed.proofBase64(proofKey, "fedcba9876543210fedcba9876543210"), "bad-proof");
        offerLine(out, body, signed.signatureBase64(), offer, secret, nonce,
                signed.proofBase64(OfferProof.Key.fromSecret(secret + "x"), nonce), "bad-proof");

        byte[] statement = ("voyager-offer-key 1\nkey " + B64.encodeToString(next.verifyingKey().toDer()) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        statementLine(out, statement, release.sign(statement), "release", "ok", next);
        statementLine(out, statement, offer.sign(statement), "offer", "ok", next);
        statementLine(out, statement, stranger.sign(statement), "offer", "bad-signature", next);
        return out.toString();
    }

    private static void manifestLine(StringBuilder out, byte[] bytes, ReleaseSignature sig, String expect) {
        out.append("manifest bytes=").append(B64.encodeToString(bytes)).append(" sig=")
                .append(sig == null ? "none" : sig.base64()).append(" expect=").append(expect).append('\n');
    }

    private static void offerLine(StringBuilder out, byte[] body, String sig, SigningKey key, String secret,
                                  String nonce, String proof, String expect) {
        out.append("offer body=").append(B64.encodeToString(body)).append(" sig=").append(sig).append(" key=")
                .append(key.keyId().hex()).append(" secret=").append(secret).append(" nonce=").append(nonce)
                .append(" proof=").append(proof).append(" expect=").append(expect).append('\n');
    }

    private static void statementLine(StringBuilder out, byte[] body, ReleaseSignature sig, String by, String expect,
                                      SigningKey next) {
        out.append("statement body=").append(B64.encodeToString(body)).append(" sig=").append(sig.base64())
                .append(" by=").append(by).append(" expect=").append(expect).append(" new-key-id=")
                .append(next.keyId().hex()).append('\n');
    }

    private static String parts(List<ArtifactPart> parts) {
        return parts.stream().map(p -> p.name() + ":" + p.offset() + ":" + p.size() + ":" + p.sha256())
                .collect(Collectors.joining(","));
    }

    private static Map<String, String> fields(String rest) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String word : rest.split(" ")) {
            int eq = word.indexOf('=');
            f.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return f;
    }

    private static ReleaseSignature signature(String base64) {
        return new ReleaseSignature(ReleaseSignature.ECDSA_P256_SHA256, base64);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static Path vectorFile() {
        return SdkVectorFile.path(NAME);
    }

    @Test
    void theProofKeyIsNotTheStoredCredentialHash() {
        String secret = "a-device-secret-of-43-characters-xxxxxxxxx";
        byte[] stored = Hex.decode(io.voyagerota.auth.Secrets.hash(secret));
        assertFalse(Arrays.equals(stored, OfferProof.Key.fromSecret(secret).bytes()));
        assertArrayEquals(OfferProof.Key.fromSecret(secret).bytes(), OfferProof.Key.fromSecret(secret).bytes());
    }
}
