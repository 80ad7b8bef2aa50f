package io.voyagerota.server;

import io.voyagerota.VoyagerException;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.signing.SigningKey;
import io.voyagerota.signing.VerifyingKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offer key of {@code voyager serve}: generated once and kept, or taken from a file, and refused when unsafe. */
class OfferKeyServeTest {
    private static final String TOKEN = "offer-key-test-token-0123456789abcdefgh";

    @TempDir
    Path dir;

    private Path data() {
        return dir.resolve("data");
    }

    private Path keyFile(String text, String mode) throws Exception {
        Path file = Files.writeString(dir.resolve("offer.pem"), text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private VoyagerServer start(Optional<Path> offerKey) throws Exception {
        return TestServers.start(data(), new ByteArrayOutputStream(), b -> b.offerKeyFile(offerKey)
                .allowUnauthenticatedChecks(true));
    }

    /** An update check over HTTP; answers with the offer's body and its signature headers. */
    private static HttpResponse<byte[]> check(VoyagerServer server) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.apiUrl()
                + "/devices/dev-1/update?product=" + TestServers.PRODUCT + "&model=" + TestServers.MODEL
                + "&version=0.1.0")).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Asserts the offer is signed by {@code key}, checked with the public half as a device holds it. */
    private static void assertSignedBy(VerifyingKey key, HttpResponse<byte[]> offer) {
        assertEquals(200, offer.statusCode(), () -> new String(offer.body(), StandardCharsets.UTF_8));
        assertEquals(key.keyId().hex(), offer.headers().firstValue("Voyager-Offer-Key").orElseThrow());
        ReleaseSignature signature = new ReleaseSignature(ReleaseSignature.ECDSA_P256_SHA256,
                offer.headers().firstValue("Voyager-Offer-Signature").orElseThrow());
        assertTrue(key.verify(offer.body(), signature), "the offer verifies with the public half");
    }

    @Test
    void theFirstStartGeneratesTheKeyAndLaterStartsKeepIt() throws Exception {
        Path privateFile = data().resolve("secrets/offer-key.pem");
        Path publicFile = data().resolve("offer-key.pub.pem");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        SigningKey generated;
        try (VoyagerServer server = TestServers.start(data(), console, b -> b.allowUnauthenticatedChecks(true))) {
            generated = SigningKey.fromPem(Files.readString(privateFile));
            assertEquals(generated.keyId(), server.voyager().offerSigner().keyId());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile)));
            assertEquals(generated.verifyingKey(), VerifyingKey.fromPem(Files.readString(publicFile)));
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(publicFile)));
            assertTrue(console.toString(StandardCharsets.UTF_8).contains("offer key "
                    + generated.keyId().shortForm()), "the first start shows the key id");
            TestServers.createProduct(server.voyager());
            TestServers.release(server.voyager(), "1.0.0", TestServers.image("1.0.0", 8 * 1024));
            assertSignedBy(VerifyingKey.fromPem(Files.readString(publicFile)), check(server));
        }
        byte[] kept = Files.readAllBytes(privateFile);
        try (VoyagerServer server = start(Optional.empty())) {
            assertEquals(generated.keyId(), server.voyager().offerSigner().keyId(), "the same key after a restart");
            assertSignedBy(generated.verifyingKey(), check(server));
        }
        assertArrayEquals(kept, Files.readAllBytes(privateFile), "the stored key is not rewritten");
        assertNoFileHolds(data(), generated.toPem().lines().skip(1).findFirst().orElseThrow());
    }

    /** The private key is only in its own file: not in the database, the log or any other file. */
    private static void assertNoFileHolds(Path root, String secretLine) throws Exception {
        try (var files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!file.endsWith("secrets/offer-key.pem")) {
                    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    assertFalse(text.contains(secretLine), file + " holds the private key");
                }
            }
        }
    }

    @Test
    void aConfiguredKeyFileIsUsedAndNothingIsGenerated() throws Exception {
        SigningKey key = SigningKey.generate();
        Path file = keyFile(key.toPem(), "rw-------");
        try (VoyagerServer server = start(Optional.of(file))) {
            assertEquals(key.keyId(), server.voyager().offerSigner().keyId());
            TestServers.createProduct(server.voyager());
            TestServers.release(server.voyager(), "1.0.0", TestServers.image("1.0.0", 8 * 1024));
            assertSignedBy(key.verifyingKey(), check(server));
        }
        assertFalse(Files.exists(data().resolve("secrets/offer-key.pem")), "no key generated");
        assertEquals(key.verifyingKey().toPem(), Files.readString(data().resolve("offer-key.pub.pem")),
                "the public half of the configured key");

        // A group-readable file (a secret mounted for a service group) is used, with a warning in the log.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        try (VoyagerServer server = start(Optional.of(file))) {
            assertEquals(key.keyId(), server.voyager().offerSigner().keyId());
        }
    }

    @Test
    void anUnusableKeyFileStopsTheStartNamingItAndCreatesNothing() throws Exception {
        SigningKey key = SigningKey.generate();
        assertRefused(keyFile(key.toPem(), "rw-r--r--"), "may be read or changed by other users (mode rw-r--r--)",
                "chmod 600");
        assertRefused(keyFile(key.toPem(), "rw--w----"), "may be read or changed by other users", "chmod 600");
        assertRefused(keyFile(key.verifyingKey().toPem(), "rw-------"), "is not a usable offer key",
                "is a public key");
        assertRefused(keyFile(p384Pem(), "rw-------"), "is not a usable offer key", "P-256");
        assertRefused(keyFile("not a key\n", "rw-------"), "is not a usable offer key", "not PEM");
        Path unreadable = keyFile(key.toPem(), "-w-------");
        if (!Files.isReadable(unreadable)) { // root reads any file
            assertRefused(unreadable, "cannot be read by the server's user", "chmod 600");
        }
        assertRefused(dir.resolve("absent.pem"), "does not exist", "offer.key-file");
        assertFalse(Files.exists(data()), "nothing was created");
    }

    private void assertRefused(Path file, String says, String hint) {
        ConfigException e = assertThrows(ConfigException.class, () -> start(Optional.of(file)).close());
        assertTrue(e.getMessage().startsWith("offer key file " + file + " (offer.key-file) "), e.getMessage());
        assertTrue(e.getMessage().contains(says), e.getMessage());
        assertTrue(e.getMessage().contains(hint), e.getMessage());
    }

    /** An EC key of another curve, PKCS#8 as the JDK encodes it. */
    private static String p384Pem() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
    }

    @Test
    void aDamagedStoredKeyIsRefusedRatherThanReplaced() throws Exception {
        try (VoyagerServer server = start(Optional.empty())) {
            assertTrue(server.port() > 0);
        }
        Path stored = data().resolve("secrets/offer-key.pem");
        Files.writeString(stored, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        VoyagerException e = assertThrows(VoyagerException.class, () -> start(Optional.empty()).close());
        assertEquals("data-dir-unusable", e.code());
        assertTrue(e.getMessage().startsWith("offer key file " + stored + " "), e.getMessage());
        assertTrue(e.getMessage().contains("restore the file from a backup"), e.getMessage());

        Files.setPosixFilePermissions(stored, PosixFilePermissions.fromString("rw-rw-rw-"));
        e = assertThrows(VoyagerException.class, () -> start(Optional.empty()).close());
        assertTrue(e.getMessage().contains("chmod 600 " + stored), e.getMessage());
    }
}
