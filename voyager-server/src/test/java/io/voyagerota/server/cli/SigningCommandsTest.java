package io.voyagerota.server.cli;

import io.voyagerota.catalog.ArtifactKind;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.ReleaseManifest;
import io.voyagerota.signing.EcdsaSignatures;
import io.voyagerota.signing.SigningKey;
import io.voyagerota.signing.VerifyingKey;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline tools: key generation, the C header of trusted keys, signing a manifest file and verifying it. */
class SigningCommandsTest {
    @TempDir
    Path dir;

    private Path manifest() throws Exception {
        ReleaseManifest manifest = new ReleaseManifest("locker", Version.parse("1.2.3"), 1, ArtifactKind.APP_IMAGE,
                List.of(new HardwareModel("locker-s3", Chip.ESP32_S3)), 196_688, "ab".repeat(32), List.of());
        return Files.write(dir.resolve("manifest.txt"), manifest.bytes());
    }

    @Test
    void generateSignVerifyRoundTripOverAManifest() throws Exception {
        Path manifest = manifest();
        Path key = dir.resolve("release.pem");
        CliRun gen = CliRun.of("keys", "generate", "-o", key.toString());
        assertEquals(0, gen.exitCode(), gen.err());
        Path pub = dir.resolve("release.pub.pem");
        assertTrue(Files.exists(pub));
        String keyId = SigningKey.fromPem(Files.readString(key)).keyId().toString();
        assertTrue(gen.out().contains(keyId), gen.out());

        Path sig = dir.resolve("manifest.sig");
        CliRun sign = CliRun.of("sign", "--manifest", manifest.toString(), "--key", key.toString(), "-o",
                sig.toString());
        assertEquals(0, sign.exitCode(), sign.err());
        assertEquals(64, Base64.getDecoder().decode(sign.out().strip()).length);
        assertTrue(sign.err().contains("manifest of locker 1.2.3") && sign.err().contains("  size 196688"),
                "shows what it signs: " + sign.err());

        assertEquals(0, CliRun.of("verify", manifest.toString(), "-s", sig.toString(), "-p", pub.toString())
                .exitCode());
        Files.writeString(manifest, Files.readString(manifest).replace("secure-version 1", "secure-version 0"));
        CliRun bad = CliRun.of("verify", manifest.toString(), "-s", sig.toString(), "-p", pub.toString());
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("does NOT match"), bad.err());
    }

    @Test
    void aFirmwareFileOrAnAlteredManifestIsNotSigned() throws Exception {
        Path key = dir.resolve("release.pem");
        assertEquals(0, CliRun.of("keys", "generate", "-o", key.toString()).exitCode());
        Path firmware = Files.write(dir.resolve("fw.bin"), new byte[4096]);
        CliRun file = CliRun.of("sign", firmware.toString(), "--key", key.toString());
        assertEquals(2, file.exitCode());
        assertTrue(file.err().contains("signs a release manifest, not a firmware file")
                && file.err().contains("voyager release sign RELEASE_ID --key K"), file.err());

        Path crlf = Files.writeString(dir.resolve("crlf.txt"), Files.readString(manifest()).replace("\n", "\r\n"));
        CliRun edited = CliRun.of("sign", "--manifest", crlf.toString(), "--key", key.toString());
        assertEquals(1, edited.exitCode());
        assertTrue(edited.err().startsWith("voyager: " + crlf + " is not a release manifest"), edited.err());
        assertTrue(edited.err().contains("nothing was signed"), edited.err());
        assertEquals(1, CliRun.of("sign", "--manifest", firmware.toString(), "--key", key.toString()).exitCode());
        assertEquals(2, CliRun.of("sign", "--key", key.toString()).exitCode(), "no manifest");
    }

    @Test
    void verifyAcceptsRawAndDerSignatures() throws Exception {
        Path manifest = manifest();
        SigningKey key = SigningKey.generate();
        Path pub = Files.writeString(dir.resolve("k.pub.pem"), key.verifyingKey().toPem());
        byte[] rs = EcdsaSignatures.toP1363(key.sign(Files.readAllBytes(manifest)));
        Path raw = Files.write(dir.resolve("raw.sig"), rs);
        Path der = Files.write(dir.resolve("sig.der"), EcdsaSignatures.p1363ToDer(rs));
        assertEquals(0, CliRun.of("verify", manifest.toString(), "-s", raw.toString(), "-p", pub.toString())
                .exitCode());
        assertEquals(0, CliRun.of("verify", manifest.toString(), "-s", der.toString(), "-p", pub.toString())
                .exitCode());
    }

    @Test
    void refusesToOverwriteKeysAndExplains() throws Exception {
        Path key = dir.resolve("release.pem");
        assertEquals(0, CliRun.of("keys", "generate", "-o", key.toString()).exitCode());
        CliRun again = CliRun.of("keys", "generate", "-o", key.toString());
        assertEquals(1, again.exitCode());
        assertTrue(again.err().contains("already exists; choose another name or pass --force"), again.err());
        assertEquals(0, CliRun.of("keys", "generate", "-o", key.toString(), "--force").exitCode());
    }

    @Test
    void theCHeaderCarriesBothPublicKeysAsAFirmwareReadsThem() throws Exception {
        SigningKey offer = SigningKey.generate();
        Path offerPub = Files.writeString(dir.resolve("offer-key.pub.pem"), offer.verifyingKey().toPem());
        Path header = dir.resolve("voyager_keys.h");
        CliRun gen = CliRun.of("keys", "generate", "-o", dir.resolve("release.pem").toString(), "--header",
                header.toString(), "--offer-key-pub", offerPub.toString());
        assertEquals(0, gen.exitCode(), gen.err());
        VerifyingKey release = VerifyingKey.fromPem(Files.readString(dir.resolve("release.pub.pem")));
        String text = Files.readString(header);
        assertTrue(text.contains("#define VOYAGER_RELEASE_KEY_ID \"" + release.keyId().hex() + "\""), text);
        assertTrue(text.contains("#define VOYAGER_OFFER_KEY_ID \"" + offer.keyId().hex() + "\""), text);
        assertCompiledHeaderHolds(header, release.toPem() + offer.verifyingKey().toPem());

        // For keys that exist already: the header alone, and without an offer key, only the release key.
        Path only = dir.resolve("release_only.h");
        CliRun alone = CliRun.of("keys", "header", "--release-key", dir.resolve("release.pub.pem").toString(), "-o",
                only.toString());
        assertEquals(0, alone.exitCode(), alone.err());
        assertFalse(Files.readString(only).contains("VOYAGER_OFFER_KEY"), Files.readString(only));
        CliRun exists = CliRun.of("keys", "header", "--release-key", dir.resolve("release.pub.pem").toString(),
                "--offer-key-pub", offerPub.toString(), "-o", only.toString());
        assertEquals(1, exists.exitCode());
        assertTrue(exists.err().contains("pass --force"), exists.err());
    }

    /** Compiles a program that prints both macros, with the system's C compiler when there is one. */
    private void assertCompiledHeaderHolds(Path header, String expected) throws Exception {
        Path program = Files.writeString(dir.resolve("keys.c"), "#include <stdio.h>\n#include \"voyager_keys.h\"\n"
                + "int main(void) { fputs(VOYAGER_RELEASE_KEY_PEM, stdout); fputs(VOYAGER_OFFER_KEY_PEM, stdout);"
                + " return 0; }\n");
        Path binary = dir.resolve("keys");
        Process cc;
        try {
            cc = new ProcessBuilder("cc", "-Wall", "-Werror", "-I", header.getParent().toString(), "-o",
                    binary.toString(), program.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("no C compiler (cc) on the PATH; the header's text was checked only");
            return;
        }
        String ccOutput = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0, ccOutput);
        Process run = new ProcessBuilder(binary.toString()).start();
        String printed = new String(run.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(run.waitFor(10, TimeUnit.SECONDS));
        assertEquals(expected, printed);
    }

    @Test
    void oneKeyInBothRolesAndAnOfferKeyWithoutHeaderAreRefused() throws Exception {
        SigningKey key = SigningKey.generate();
        Path pub = Files.writeString(dir.resolve("same.pub.pem"), key.verifyingKey().toPem());
        CliRun same = CliRun.of("keys", "header", "--release-key", pub.toString(), "--offer-key-pub", pub.toString(),
                "-o", dir.resolve("k.h").toString());
        assertEquals(1, same.exitCode());
        assertTrue(same.err().contains("the offer key and the release key are the same key"), same.err());
        assertFalse(Files.exists(dir.resolve("k.h")));
        CliRun noHeader = CliRun.of("keys", "generate", "-o", dir.resolve("r.pem").toString(), "--offer-key-pub",
                pub.toString());
        assertEquals(2, noHeader.exitCode());
        assertTrue(noHeader.err().contains("give --header FILE too"), noHeader.err());
        assertFalse(Files.exists(dir.resolve("r.pem")), "nothing written");
    }

    @Test
    void usageErrorsExitTwoAndBadInputsExitOneWithoutAStackTrace() throws Exception {
        CliRun usage = CliRun.of("verify", "x.bin");
        assertEquals(2, usage.exitCode());
        assertTrue(usage.err().contains("Missing required options"), usage.err());
        Path manifest = manifest();
        Path notAKey = Files.writeString(dir.resolve("nokey.pem"), "hello");
        CliRun bad = CliRun.of("sign", "--manifest", manifest.toString(), "--key", notAKey.toString());
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().startsWith("voyager: "), bad.err());
        assertTrue(!bad.err().contains("\tat "), "no stack trace: " + bad.err());
        CliRun missing = CliRun.of("sign", "--manifest", manifest.toString(), "--key",
                dir.resolve("absent.pem").toString());
        assertTrue(missing.err().contains("does not exist"), missing.err());
    }
}
