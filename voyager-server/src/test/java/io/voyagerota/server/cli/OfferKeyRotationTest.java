package io.voyagerota.server.cli;

import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.server.ConfigException;
import io.voyagerota.server.TestServers;
import io.voyagerota.server.VoyagerServer;
import io.voyagerota.signing.OfferKeyEndorsement;
import io.voyagerota.signing.SigningKey;
import io.voyagerota.signing.VerifyingKey;
import org.junit.jupiter.api.Tag;
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
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rotating the offer key: {@code voyager keys endorse} vouches for the new key with the old one, and
 * {@code voyager serve --offer-key-endorsements} serves that endorsement to devices built with the old key.
 */
@Tag("security")
class OfferKeyRotationTest {
    @TempDir
    Path dir;

    private Path write(String name, String text, String mode) throws Exception {
        Path file = Files.writeString(dir.resolve(name), text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void theOldKeyVouchesForTheNewOneAndTheServerServesItToDevices() throws Exception {
        SigningKey old = SigningKey.generate();
        SigningKey next = SigningKey.generate();
        Path oldPem = write("old.pem", old.toPem(), "rw-------");
        Path nextPem = write("next.pem", next.toPem(), "rw-------");
        Path nextPub = write("next.pub.pem", next.verifyingKey().toPem(), "rw-r--r--");
        Path endorsement = dir.resolve("next.endorsement");

        CliRun run = CliRun.of("keys", "endorse", "--key", nextPub.toString(), "--with", oldPem.toString(),
                "-o", endorsement.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains(next.keyId().shortForm()) && run.out().contains(old.keyId().shortForm()),
                run.out());
        OfferKeyEndorsement read = OfferKeyEndorsement.parse(Files.readString(endorsement));
        assertTrue(read.verifiedBy(old.verifyingKey()));
        assertFalse(Files.readString(endorsement).contains("PRIVATE"), "only public material");

        try (VoyagerServer server = TestServers.start(dir.resolve("data"), new ByteArrayOutputStream(),
                b -> b.offerKeyFile(Optional.of(nextPem)).offerKeyEndorsements(List.of(endorsement)))) {
            assertEquals(next.keyId(), server.voyager().offerSigner().keyId());
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.apiUrl() + "/offer-keys/" + next.keyId().hex())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals(old.keyId().hex(), answer.headers().firstValue("Voyager-Offer-Key").orElseThrow());
            String statement = answer.body();
            assertTrue(old.verifyingKey().verify(statement.getBytes(StandardCharsets.US_ASCII), new ReleaseSignature(
                    ReleaseSignature.ECDSA_P256_SHA256,
                    answer.headers().firstValue("Voyager-Offer-Signature").orElseThrow())));
            byte[] der = Base64.getDecoder().decode(statement.substring(statement.indexOf("\nkey ") + 5).strip());
            assertEquals(next.keyId(), VerifyingKey.fromDer(der).keyId(), "the statement names the new key");
        }
    }

    @Test
    void aKeyCannotVouchForItselfAndABadEndorsementStopsTheStartNamingTheFile() throws Exception {
        SigningKey key = SigningKey.generate();
        Path pem = write("key.pem", key.toPem(), "rw-------");
        Path pub = write("key.pub.pem", key.verifyingKey().toPem(), "rw-r--r--");
        CliRun self = CliRun.of("keys", "endorse", "--key", pub.toString(), "--with", pem.toString(), "-o",
                dir.resolve("self.endorsement").toString());
        assertEquals(2, self.exitCode());
        assertTrue(self.err().contains("cannot vouch for itself"), self.err());
        assertFalse(Files.exists(dir.resolve("self.endorsement")));

        Path bad = write("bad.endorsement", "voyager-offer-key-endorsement 1\nkey AAAA\n", "rw-r--r--");
        ConfigException e = assertThrows(ConfigException.class, () -> TestServers.start(dir.resolve("data"),
                new ByteArrayOutputStream(), b -> b.offerKeyEndorsements(List.of(bad))));
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
        assertFalse(Files.exists(dir.resolve("data")), "nothing created");

        // Signed by a key other than the one it names as its endorser: refused at start too.
        SigningKey other = SigningKey.generate();
        OfferKeyEndorsement forged = new OfferKeyEndorsement(SigningKey.generate().verifyingKey(), key.keyId(),
                other.sign(OfferKeyEndorsement.statement(SigningKey.generate().verifyingKey())));
        Path forgedFile = write("forged.endorsement", forged.toText(), "rw-r--r--");
        Exception refused = assertThrows(Exception.class, () -> TestServers.start(dir.resolve("data2"),
                new ByteArrayOutputStream(), b -> b.offerKeyFile(Optional.of(pem))
                        .offerKeyEndorsements(List.of(forgedFile))));
        assertTrue(refused.getMessage().contains("does not verify"), refused.getMessage());
    }
}
