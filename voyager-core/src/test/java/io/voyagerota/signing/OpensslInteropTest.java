package io.voyagerota.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.support.DigestingCopier;
import io.voyagerota.support.Hex;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code openssl} command line against this package, both ways: keys, signatures and the guidance our
 * error messages give. Skipped, with a note, where openssl is not installed.
 */
@Timeout(120)
class OpensslInteropTest {
    private static final long PROCESS_TIMEOUT_SECONDS = 30;

    @TempDir
    Path dir;

    /** What a finished openssl process said. */
    private record Run(int exit, String output) {
    }

    /** Whether openssl answered {@code openssl version}; asked once per test run. */
    private static Boolean installed;

    @BeforeEach
    void requireOpenssl() {
        if (installed == null) {
            try {
                installed = run(Path.of("."), "version").exit() == 0;
            } catch (IOException | AssertionError e) {
                installed = false;
            }
        }
        // Per test rather than per class, so every skipped check shows up in the report with this reason.
        Assumptions.assumeTrue(installed, "openssl is not on the PATH; skipping the openssl interop checks"
                + " (install openssl to run them)");
    }

    @Test
    void aSec1KeyFromEcparamSignsWithOpensslAndVerifiesHere() throws Exception {
        ok("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "k.pem");
        ok("ec", "-in", "k.pem", "-pubout", "-out", "pub.pem");
        Path file = randomFile("firmware.bin", 1024 * 1024 + 3);
        ok("dgst", "-sha256", "-sign", "k.pem", "-out", "sig.der", "firmware.bin");

        VerifyingKey pub = VerifyingKey.fromPem(read("pub.pem"));
        ReleaseSignature signature = fromDer("sig.der");
        try (InputStream in = Files.newInputStream(file)) {
            assertTrue(pub.verify(in, signature));
        }
        assertEquals(pub, SigningKey.fromPem(read("k.pem")).verifyingKey());
        byte[] changed = Files.readAllBytes(file);
        changed[changed.length / 2] ^= 1;
        assertFalse(pub.verify(changed, signature));
    }

    @Test
    void ecparamWithItsParametersBlockIsTolerated() throws Exception {
        ok("ecparam", "-name", "prime256v1", "-genkey", "-out", "k.pem");
        assertTrue(read("k.pem").startsWith("-----BEGIN EC PARAMETERS-----"));
        ok("ec", "-in", "k.pem", "-pubout", "-out", "pub.pem");
        assertEquals(VerifyingKey.fromPem(read("pub.pem")), SigningKey.fromPem(read("k.pem")).verifyingKey());
    }

    @Test
    void aPkcs8KeyFromGenpkeyWorksBothWays() throws Exception {
        ok("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "k.pem");
        ok("pkey", "-in", "k.pem", "-pubout", "-out", "pub.pem");
        randomFile("app.bin", 300_000);
        SigningKey key = SigningKey.fromPem(read("k.pem"));
        assertEquals(VerifyingKey.fromPem(read("pub.pem")), key.verifyingKey());

        ok("dgst", "-sha256", "-sign", "k.pem", "-out", "openssl.der", "app.bin");
        assertTrue(key.verifyingKey().verify(Files.readAllBytes(dir.resolve("app.bin")), fromDer("openssl.der")));

        ReleaseSignature ours;
        try (InputStream in = Files.newInputStream(dir.resolve("app.bin"))) {
            ours = key.sign(in);
        }
        Files.write(dir.resolve("ours.der"), EcdsaSignatures.p1363ToDer(EcdsaSignatures.toP1363(ours)));
        Run verified = run(dir, "dgst", "-sha256", "-verify", "pub.pem", "-signature", "ours.der", "app.bin");
        assertEquals(0, verified.exit(), verified.output());
        assertEquals("Verified OK", verified.output().strip());
    }

    @Test
    void keysMadeHereAreReadByOpensslExactlyAsWritten() throws Exception {
        SigningKey key = SigningKey.generate();
        write("key.pem", key.toPem());
        write("pub.pem", key.verifyingKey().toPem());
        assertEquals(0, run(dir, "pkey", "-in", "key.pem", "-noout").exit());
        assertEquals(0, run(dir, "pkey", "-pubin", "-in", "pub.pem", "-noout").exit());
        assertEquals(key.toPem(), ok("pkey", "-in", "key.pem"), "openssl rewrites our PKCS#8 unchanged");
        assertEquals(key.verifyingKey().toPem(), ok("pkey", "-in", "key.pem", "-pubout"));
        ok("pkey", "-pubin", "-in", "pub.pem", "-outform", "DER", "-out", "pub.der");
        assertEquals(key.keyId().hex(), Hex.encode(DigestingCopier.sha256().digest(
                Files.readAllBytes(dir.resolve("pub.der")))), "the key id is sha256 of openssl's DER");
        assertTrue(ok("ec", "-in", "key.pem", "-text", "-noout").contains("ASN1 OID: prime256v1"));
    }

    @Test
    void signaturesMadeHereVerifyWithOpensslAndDamagedOnesDoNot() throws Exception {
        SigningKey key = SigningKey.generate();
        write("pub.pem", key.verifyingKey().toPem());
        for (int size : new int[] {0, 1, 65_536, 2 * 1024 * 1024 + 17}) {
            randomFile("image.bin", size);
            byte[] p1363 = EcdsaSignatures.toP1363(key.sign(Files.readAllBytes(dir.resolve("image.bin"))));
            Files.write(dir.resolve("sig.der"), EcdsaSignatures.p1363ToDer(p1363));
            Run good = run(dir, "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.der", "image.bin");
            assertEquals(0, good.exit(), size + " bytes: " + good.output());
            assertEquals("Verified OK", good.output().strip());

            p1363[10] ^= 0x40;
            Files.write(dir.resolve("bad.der"), EcdsaSignatures.p1363ToDer(p1363));
            Run bad = run(dir, "dgst", "-sha256", "-verify", "pub.pem", "-signature", "bad.der", "image.bin");
            assertNotEquals(0, bad.exit());
            assertTrue(bad.output().startsWith("Verification failure"), bad.output());
        }
    }

    @Test
    void p384KeysFromOpensslAreRefusedByName() throws Exception {
        ok("ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", "p384.pem");
        ok("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "p384-pkcs8.pem");
        ok("pkey", "-in", "p384-pkcs8.pem", "-pubout", "-out", "p384-pub.pem");
        for (String file : List.of("p384.pem", "p384-pkcs8.pem")) {
            String message = assertThrows(KeyFormatException.class, () -> SigningKey.fromPem(read(file))).getMessage();
            assertTrue(message.startsWith("the signing key is an EC key on curve P-384 (secp384r1), but releases are"
                    + " signed with ECDSA P-256"), message);
        }
        String message = assertThrows(KeyFormatException.class,
                () -> VerifyingKey.fromPem(read("p384-pub.pem"))).getMessage();
        assertTrue(message.startsWith("the release public key is an EC key on curve P-384 (secp384r1)"), message);
    }

    @Test
    void theCommandsOurMessagesSuggestActuallyFixTheKey() throws Exception {
        ok("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "k.pem");
        KeyId expected = SigningKey.fromPem(read("k.pem")).keyId();

        ok("pkcs8", "-topk8", "-in", "k.pem", "-passout", "pass:test", "-out", "key.pem");
        String encrypted = assertThrows(KeyFormatException.class, () -> SigningKey.fromPem(read("key.pem")))
                .getMessage();
        assertTrue(encrypted.contains("openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-plain.pem"), encrypted);
        ok("pkcs8", "-topk8", "-nocrypt", "-in", "key.pem", "-out", "key-plain.pem", "-passin", "pass:test");
        assertEquals(expected, SigningKey.fromPem(read("key-plain.pem")).keyId());

        ok("ec", "-in", "k.pem", "-aes128", "-passout", "pass:test", "-out", "key.pem");
        assertThrows(KeyFormatException.class, () -> SigningKey.fromPem(read("key.pem")));
        ok("pkcs8", "-topk8", "-nocrypt", "-in", "key.pem", "-out", "key-plain.pem", "-passin", "pass:test");
        assertEquals(expected, SigningKey.fromPem(read("key-plain.pem")).keyId());

        ok("ec", "-in", "k.pem", "-param_enc", "explicit", "-out", "key.pem");
        String explicit = assertThrows(KeyFormatException.class, () -> SigningKey.fromPem(read("key.pem")))
                .getMessage();
        assertTrue(explicit.contains("openssl pkey -in key.pem -ec_param_enc named_curve -out named.pem"), explicit);
        ok("pkey", "-in", "key.pem", "-ec_param_enc", "named_curve", "-out", "named.pem");
        assertEquals(expected, SigningKey.fromPem(read("named.pem")).keyId());

        ok("ec", "-in", "k.pem", "-no_public", "-out", "no-public.pem");
        assertEquals(expected, SigningKey.fromPem(read("no-public.pem")).keyId(), "public point derived");
    }

    // ---- helpers ----

    private String ok(String... args) throws IOException {
        Run result = run(dir, args);
        if (result.exit() != 0) {
            fail("openssl " + String.join(" ", args) + " exited with " + result.exit() + ": " + result.output());
        }
        return result.output();
    }

    private static Run run(Path workingDirectory, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        // Output goes to a file, so a chatty process can never block on a full pipe while we wait for it.
        Path output = Files.createTempFile("openssl", ".out");
        try {
            Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            process.getOutputStream().close(); // no prompt can wait for input that never comes
            try {
                if (!process.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("openssl " + String.join(" ", args) + " did not finish in "
                            + PROCESS_TIMEOUT_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for openssl", e);
            }
            return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private ReleaseSignature fromDer(String file) throws IOException {
        return EcdsaSignatures.toReleaseSignature(EcdsaSignatures.derToP1363(Files.readAllBytes(dir.resolve(file))));
    }

    private Path randomFile(String name, int size) throws IOException {
        byte[] content = new byte[size];
        new SplittableRandom(size).nextBytes(content);
        return Files.write(dir.resolve(name), content);
    }

    private String read(String file) throws IOException {
        return Files.readString(dir.resolve(file), StandardCharsets.US_ASCII);
    }

    private void write(String file, String text) throws IOException {
        Files.writeString(dir.resolve(file), text, StandardCharsets.US_ASCII);
    }
}
