package io.voyagerota.server.cli;

import io.voyagerota.signing.EcdsaSignatures;
import io.voyagerota.signing.SigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SigningCommandsTest {
    @TempDir
    Path dir;

    private Path firmware() throws Exception {
        byte[] bytes = new byte[200_000];
        new Random(7).nextBytes(bytes);
        return Files.write(dir.resolve("fw.bin"), bytes);
    }

    @Test
    void generateSignVerifyRoundTrip() throws Exception {
        Path fw = firmware();
        Path key = dir.resolve("release.pem");
        CliRun gen = CliRun.of("keys", "generate", "-o", key.toString());
        assertEquals(0, gen.exitCode(), gen.err());
        assertTrue(Files.exists(dir.resolve("release.pub.pem")));
        String keyId = SigningKey.fromPem(Files.readString(key)).keyId().toString();
        assertTrue(gen.out().contains(keyId), gen.out());

        Path sig = dir.resolve("fw.sig");
        CliRun sign = CliRun.of("sign", fw.toString(), "--key", key.toString(), "-o", sig.toString());
        assertEquals(0, sign.exitCode(), sign.err());
        assertEquals(64, Base64.getDecoder().decode(sign.out().strip()).length);

        CliRun ok = CliRun.of("verify", fw.toString(), "-s", sig.toString(), "-p",
                dir.resolve("release.pub.pem").toString());
        assertEquals(0, ok.exitCode(), ok.err());

        Files.write(fw, new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
        CliRun bad = CliRun.of("verify", fw.toString(), "-s", sig.toString(), "-p",
                dir.resolve("release.pub.pem").toString());
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().contains("does NOT match"), bad.err());
    }

    @Test
    void verifyAcceptsRawAndDerSignatures() throws Exception {
        Path fw = firmware();
        SigningKey key = SigningKey.generate();
        Path pub = Files.writeString(dir.resolve("k.pub.pem"), key.verifyingKey().toPem());
        byte[] rs = EcdsaSignatures.toP1363(key.sign(Files.readAllBytes(fw)));
        Path raw = Files.write(dir.resolve("raw.sig"), rs);
        Path der = Files.write(dir.resolve("sig.der"), EcdsaSignatures.p1363ToDer(rs));
        assertEquals(0, CliRun.of("verify", fw.toString(), "-s", raw.toString(), "-p", pub.toString()).exitCode());
        assertEquals(0, CliRun.of("verify", fw.toString(), "-s", der.toString(), "-p", pub.toString()).exitCode());
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
    void usageErrorsExitTwoAndBadInputsExitOneWithoutAStackTrace() throws Exception {
        CliRun usage = CliRun.of("verify", "x.bin");
        assertEquals(2, usage.exitCode());
        assertTrue(usage.err().contains("Missing required options"), usage.err());
        Path fw = firmware();
        Path notAKey = Files.writeString(dir.resolve("nokey.pem"), "hello");
        CliRun bad = CliRun.of("sign", fw.toString(), "--key", notAKey.toString());
        assertEquals(1, bad.exitCode());
        assertTrue(bad.err().startsWith("voyager: "), bad.err());
        assertTrue(!bad.err().contains("\tat "), "no stack trace: " + bad.err());
        CliRun missing = CliRun.of("sign", fw.toString(), "--key", dir.resolve("absent.pem").toString());
        assertTrue(missing.err().contains("does not exist"), missing.err());
    }
}
