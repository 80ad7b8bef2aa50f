package io.voyagerota.server.cli;

import io.voyagerota.server.TestServers;
import io.voyagerota.server.VoyagerServer;
import io.voyagerota.server.internal.JsonNode;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.catalog.Chip;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A CI pipeline and an operator, with the client commands, against a served instance's admin API. */
class AdminFlowTest {
    private static final String TOKEN = "admin-flow-token-0123456789abcdefghij";

    @TempDir
    Path dir;

    private VoyagerServer server;
    private Map<String, String> env;

    @BeforeEach
    void serve() throws Exception {
        server = TestServers.start(dir.resolve("data"), new ByteArrayOutputStream(),
                b -> b.adminToken(Optional.of(TOKEN)));
        env = Map.of("VOYAGER_SERVER", server.url().toString(), "VOYAGER_TOKEN", TOKEN);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRun ok(String... args) {
        CliRun run = CliRun.withEnv(env, args);
        assertEquals(0, run.exitCode(), String.join(" ", args) + "\nout: " + run.out() + "\nerr: " + run.err());
        return run;
    }

    private CliRun fails(String... args) {
        CliRun run = CliRun.withEnv(env, args);
        assertEquals(1, run.exitCode(), String.join(" ", args) + "\nout: " + run.out() + "\nerr: " + run.err());
        assertTrue(run.err().lines().anyMatch(l -> l.startsWith("voyager: ")), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
        return run;
    }

    private Path image(String version, boolean broken) throws Exception {
        Esp32ImageBuilder builder = new Esp32ImageBuilder().chip(Chip.ESP32_S3).version(version).projectName("locker")
                .segments(128 * 1024, 64 * 1024).seed(version.hashCode());
        if (broken) {
            builder.flipChecksum();
        }
        return Files.write(dir.resolve("locker-" + version + ".bin"), builder.build().file().bytes());
    }

    @Test
    void aReleaseGoesFromUploadToRolloutAndBack() throws Exception {
        Path key = dir.resolve("release.pem");
        ok("keys", "generate", "-o", key.toString());
        CliRun product = ok("product", "create", "--id", "locker", "--name", "Smart locker", "--model",
                "locker-s3:esp32-s3", "--release-key", dir.resolve("release.pub.pem").toString());
        assertTrue(product.out().contains("locker-s3 (esp32"), product.out());
        assertTrue(ok("product", "list").out().contains("Smart locker"));
        JsonNode products = JsonNode.parse(ok("product", "list", "--json").out());
        assertEquals("locker", products.get("products").items().get(0).get("id").text(""));

        // CI: upload (the draft is created on the way), signed with the offline key.
        CliRun upload = ok("release", "upload", "--product", "locker", "--version", "1.2.3",
                image("1.2.3", false).toString(), "--sign-with", key.toString(), "--changelog", "First");
        assertTrue(upload.out().contains("uploaded locker-1.2.3.bin"), upload.out());
        assertTrue(upload.out().toLowerCase().contains("validation   passed"), upload.out());
        assertTrue(upload.err().contains("uploading [") && upload.err().contains("100%"), upload.err());
        ok("release", "stage", "--product", "locker", "--version", "1.2.3");
        CliRun promote = ok("release", "promote", "--product", "locker", "--version", "1.2.3", "--percent", "50",
                "--pause-at", "30", "--min-sample", "5", "--window", "2h");
        assertTrue(promote.out().contains("50% of devices"), promote.out());
        assertTrue(promote.out().contains("at 30% failed of the latest 100 devices or 2h (from 5 devices)"),
                "the guard sent, the rest the server's: " + promote.out());

        String releases = ok("release", "list", "--product", "locker").out();
        assertTrue(releases.contains("1.2.3") && releases.contains("production"), releases);
        JsonNode rollouts = JsonNode.parse(ok("rollout", "list", "--product", "locker", "--json").out());
        String rolloutId = rollouts.get("rollouts").items().get(0).get("id").text("");
        assertTrue(ok("rollout", "pause", rolloutId, "--reason", "looking into it").out().contains("paused"));
        assertTrue(ok("rollout", "resume", rolloutId).out().contains("active"));
        assertTrue(ok("rollout", "widen", rolloutId, "--all").out().contains("every device"));
        CliRun replan = fails("rollout", "replan", rolloutId, "--plan", "50,100", "--soak", "2h");
        assertTrue(replan.err().contains("has no staged plan to edit") && replan.err().contains("widen it instead"),
                "the plan reached the server, which refuses it for a fixed audience: " + replan.err());
        assertTrue(ok("rollout", "stats", rolloutId).out().contains("version      1.2.3"));

        // An operator enrols a device and tags it; the device checks in with its credential.
        CliRun enrol = ok("device", "enrol", "dev-1");
        Matcher secret = Pattern.compile("(?m)^    (\\S{20,})$").matcher(enrol.out());
        assertTrue(secret.find(), enrol.out());
        assertTrue(ok("device", "tags", "dev-1", "tester", "Beta").out().contains("beta, tester"));
        HttpResponse<String> check = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.apiUrl()
                .resolve("/v1/devices/dev-1/update?product=locker&model=locker-s3&version=1.0.0"))
                .header("Authorization", "Bearer " + secret.group(1)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, check.statusCode(), check.body());
        server.voyager().tick();
        assertTrue(ok("device", "list", "--product", "locker").out().contains("dev-1"));
        assertTrue(ok("device", "show", "dev-1").out().contains("1.0.0"));
        server.voyager().devices().report(new io.voyagerota.device.DeviceReport("r-1", "dev-1", "locker",
                Version.parse("1.0.0"), Version.parse("9.9.9"), Version.parse("1.0.0"),
                io.voyagerota.device.ReportStatus.FAILED, Optional.of("verify-failed"), Optional.empty(),
                io.voyagerota.device.ReportMetrics.none(), java.time.Instant.now()));
        CliRun history = ok("device", "history", "dev-1");
        assertTrue(history.out().contains("COUNTED"), history.out());
        assertTrue(Pattern.compile("FAILED\\s+1\\.0\\.0\\s+9\\.9\\.9\\s+1\\.0\\.0\\s+no: unknown-release\\s+verify-failed")
                .matcher(history.out()).find(), history.out());
        CliRun stats = ok("product", "stats", "locker");
        assertTrue(stats.out().contains("product      locker") || stats.out().contains("locker"), stats.out());
        assertTrue(Pattern.compile("(?m)^1\\.0\\.0\\s+1$").matcher(stats.out()).find(),
                "the device counted under the version it runs: " + stats.out());
        assertEquals(2, CliRun.withEnv(env, "product", "stats", "locker", "--from", "yesterday").exitCode(),
                "a bad day is a usage error");

        // A broken build is kept on its draft but refused, and cannot be staged.
        CliRun broken = fails("release", "upload", "--product", "locker", "--version", "1.2.4",
                image("1.2.4", true).toString(), "--sign-with", key.toString());
        assertTrue(broken.out().contains("FAIL"), broken.out());
        CliRun stage = fails("release", "stage", "--product", "locker", "--version", "1.2.4");
        assertTrue(stage.err().contains("HTTP 409"), stage.err());
        ok("release", "delete", "--product", "locker", "--version", "1.2.4");
        ok("release", "restore", "--product", "locker", "--version", "1.2.4");

        assertTrue(ok("release", "revoke", "--product", "locker", "--version", "1.2.3", "--reason", "door bug")
                .out().contains("revoked"));
        assertTrue(ok("release", "show", "--product", "locker", "--version", "1.2.3").out().contains("door bug"));
    }

    @Test
    void aWrongTokenAndAnUnknownReleaseAreClearRefusals() {
        CliRun wrong = CliRun.withEnv(Map.of("VOYAGER_SERVER", server.url().toString(), "VOYAGER_TOKEN",
                "not-the-token-0123456789abcdefghijkl"), "product", "list");
        assertEquals(1, wrong.exitCode());
        assertTrue(wrong.err().contains("HTTP 401") && wrong.err().contains("check the admin token"), wrong.err());
        CliRun none = CliRun.withEnv(Map.of("VOYAGER_SERVER", server.url().toString()), "product", "list");
        assertTrue(none.err().contains("no admin token was given"), none.err());

        ok("product", "create", "--id", "locker", "--name", "Smart locker", "--model", "locker-s3:esp32-s3");
        CliRun unknown = fails("release", "show", "--product", "locker", "--version", "9.9.9");
        assertTrue(unknown.err().contains("product locker has no release 9.9.9"), unknown.err());
        CliRun duplicate = fails("product", "create", "--id", "locker", "--name", "Again", "--model", "m:esp32");
        assertTrue(duplicate.err().contains("HTTP 409"), duplicate.err());
    }
}
