package io.voyagerota.server.cli;

import io.voyagerota.VoyagerException;
import io.voyagerota.catalog.ArtifactKind;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.ReleaseManifest;
import io.voyagerota.server.TestServers;
import io.voyagerota.server.VoyagerServer;
import io.voyagerota.server.internal.AdminClient;
import io.voyagerota.server.internal.JsonNode;
import io.voyagerota.signing.SigningKey;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signing a release's manifest with the CLI against a served instance: online, offline and with openssl. */
class ReleaseSigningFlowTest {
    private static final String TOKEN = "signing-flow-token-0123456789abcdefghij";

    @TempDir
    Path dir;

    private VoyagerServer server;
    private Map<String, String> env;
    private Path key;

    @BeforeEach
    void serve() throws Exception {
        server = TestServers.start(dir.resolve("data"), new ByteArrayOutputStream(),
                b -> b.adminToken(Optional.of(TOKEN)));
        env = Map.of("VOYAGER_SERVER", server.url().toString(), "VOYAGER_TOKEN", TOKEN);
        key = dir.resolve("release.pem");
        ok("keys", "generate", "-o", key.toString());
        ok("product", "create", "--id", "locker", "--name", "Smart locker", "--model", "locker-s3:esp32s3",
                "--release-key", dir.resolve("release.pub.pem").toString());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRun run(int exitCode, String... args) {
        CliRun run = CliRun.withEnv(env, args);
        assertEquals(exitCode, run.exitCode(), String.join(" ", args) + "\nout: " + run.out() + "\nerr: " + run.err());
        assertFalse(run.err().contains("\tat "), run.err());
        return run;
    }

    private CliRun ok(String... args) {
        return run(0, args);
    }

    private Path image(String version) throws IOException {
        return Files.write(dir.resolve("locker-" + version + ".bin"), new Esp32ImageBuilder().chip(Chip.ESP32_S3)
                .version(version).projectName("locker").segments(16 * 1024, 8 * 1024).seed(version.hashCode())
                .build().file().bytes());
    }

    /** Uploads without a signature: the draft is stored, but its validation fails on the signature. */
    private String uploadUnsigned(String version) throws IOException {
        CliRun upload = run(1, "release", "upload", "--product", "locker", "--version", version,
                image(version).toString());
        assertTrue(upload.out().contains("FAIL signature"), upload.out());
        return releaseId(version);
    }

    private String releaseId(String version) {
        return JsonNode.parse(ok("release", "show", "--product", "locker", "--version", version, "--json").out())
                .get("id").text("");
    }

    private String state(String version) {
        return JsonNode.parse(ok("release", "show", "--product", "locker", "--version", version, "--json").out())
                .get("validation").get("status").text("");
    }

    private byte[] serverManifest(String releaseId) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.apiUrl()
                + "/admin/releases/" + releaseId + "/manifest")).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    @Test
    void anUploadedDraftIsSignedHereAndCanThenBeStaged() throws Exception {
        String id = uploadUnsigned("1.0.0");
        CliRun sign = ok("release", "sign", id, "--key", key.toString());
        assertTrue(sign.err().contains("manifest of locker 1.0.0 (sha256 "), sign.err());
        assertTrue(sign.err().contains("  version 1.0.0") && sign.err().contains("  model locker-s3 esp32s3"),
                "the manifest is shown before it is signed: " + sign.err());
        assertTrue(sign.out().toLowerCase().contains("validation   passed"), sign.out());
        ok("release", "stage", "--product", "locker", "--version", "1.0.0");
    }

    @Test
    void theManifestGoesOfflineAndItsSignatureComesBack() throws Exception {
        String id = uploadUnsigned("1.0.0");
        CliRun manifest = ok("release", "sign", "--product", "locker", "--version", "1.0.0", "--manifest-only");
        byte[] bytes = manifest.out().getBytes(StandardCharsets.US_ASCII);
        assertEquals(new String(serverManifest(id), StandardCharsets.US_ASCII), manifest.out(), "the exact bytes");
        assertEquals("manifest sha256 " + ManifestSigning.sha256(bytes), manifest.err().strip());
        assertEquals("failed", state("1.0.0"), "--manifest-only signs nothing");

        // On the signing machine: the saved file, signed without any server.
        Path file = Files.write(dir.resolve("manifest.txt"), bytes);
        Path sig = dir.resolve("manifest.sig");
        CliRun.of("sign", "--manifest", file.toString(), "--key", key.toString(), "-o", sig.toString());
        assertTrue(Files.exists(sig));
        CliRun recorded = ok("release", "sign", id, "--signature", sig.toString());
        assertTrue(recorded.out().toLowerCase().contains("validation   passed"), recorded.out());
    }

    @Test
    void aManifestSignedWithOpensslIsAccepted() throws Exception {
        String id = uploadUnsigned("1.0.0");
        Path file = Files.write(dir.resolve("manifest.txt"), serverManifest(id));
        Path sig = dir.resolve("m.sig");
        Process openssl;
        try {
            openssl = new ProcessBuilder("openssl", "dgst", "-sha256", "-sign", key.toString(), "-out",
                    sig.toString(), file.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("openssl is not on the PATH");
            return;
        }
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0, output);
        ok("release", "sign", id, "--signature", sig.toString());
        assertEquals("passed", state("1.0.0"));
    }

    @Test
    void aWrongKeyOrSignatureIsRefusedAndChangesNothing() throws Exception {
        String id = uploadUnsigned("1.0.0");
        Path other = dir.resolve("other.pem");
        ok("keys", "generate", "-o", other.toString());
        CliRun wrongKey = run(1, "release", "sign", id, "--key", other.toString());
        assertTrue(wrongKey.err().contains("but product locker takes releases signed by key"), wrongKey.err());

        Path bad = Files.writeString(dir.resolve("bad.sig"), SigningKey.fromPem(Files.readString(other))
                .sign(serverManifest(id)).base64() + "\n");
        CliRun wrongSignature = run(1, "release", "sign", id, "--signature", bad.toString());
        assertTrue(wrongSignature.err().contains("HTTP 422") && wrongSignature.err().contains("does not verify"),
                wrongSignature.err());
        assertEquals("failed", state("1.0.0"));
        CliRun none = run(2, "release", "sign", id);
        assertTrue(none.err().contains("--key") && none.err().contains("--manifest-only"), none.err());
    }

    @Test
    void uploadWithSignWithSignsTheManifestOfTheUploadedFile() throws Exception {
        CliRun upload = ok("release", "upload", "--product", "locker", "--version", "1.0.0",
                image("1.0.0").toString(), "--sign-with", key.toString());
        assertTrue(upload.out().contains("signed manifest sha256 "), upload.out());
        assertTrue(upload.err().contains("manifest of locker 1.0.0"), upload.err());
        assertEquals("passed", state("1.0.0"));

        // A key the product does not take is refused before anything is created.
        Path other = dir.resolve("other.pem");
        ok("keys", "generate", "-o", other.toString());
        CliRun wrong = run(1, "release", "upload", "--product", "locker", "--version", "1.1.0",
                image("1.1.0").toString(), "--sign-with", other.toString());
        assertTrue(wrong.err().contains("takes releases signed by key"), wrong.err());
        assertFalse(ok("release", "list", "--product", "locker").out().contains("1.1.0"), "no draft was created");
    }

    @Test
    void uploadWithASignatureMadeBeforehandOverTheManifest() throws Exception {
        Path image = image("1.0.0");
        byte[] bytes = Files.readAllBytes(image);
        ReleaseManifest manifest = new ReleaseManifest("locker", Version.parse("1.0.0"), 0, ArtifactKind.APP_IMAGE,
                List.of(new HardwareModel("locker-s3", Chip.ESP32_S3)), bytes.length, ManifestSigning.sha256(image),
                List.of());
        Path sig = Files.writeString(dir.resolve("1.0.0.sig"), SigningKey.fromPem(Files.readString(key))
                .sign(manifest.bytes()).base64());
        ok("release", "upload", "--product", "locker", "--version", "1.0.0", image.toString(), "--signature",
                sig.toString());
        assertEquals("passed", state("1.0.0"));
    }

    @Test
    void aManifestNamingAnotherFileIsNotSigned() throws Exception {
        String id = uploadUnsigned("1.0.0");
        JsonNode release = JsonNode.parse(ok("release", "show", id, "--json").out());
        ManifestSigning.Checked fetched = ManifestSigning.fetch(new AdminClient(
                server.url().toString(), Optional.of(TOKEN)), release);
        Path local = image("9.9.9");
        VoyagerException e = assertThrows(VoyagerException.class, () -> ManifestSigning.requireFile(fetched,
                local.toString(), Files.size(local), ManifestSigning.sha256(local)));
        assertTrue(e.getMessage().contains("but " + local + " has ") && e.getMessage().endsWith("nothing was signed"),
                e.getMessage());
    }
}
