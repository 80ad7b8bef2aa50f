package io.voyagerota.server.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void aBadSettingExitsTwoNamingTheKeyAndWhereItCameFrom() throws Exception {
        CliRun flag = CliRun.of("serve", "--port", "abc", "--data-dir", dir.resolve("d").toString());
        assertEquals(2, flag.exitCode());
        assertEquals("voyager: server.port must be a whole number such as 8080 (value \"abc\" from flag --port)",
                flag.err().strip());

        CliRun env = CliRun.withEnv(Map.of("VOYAGER_SHUTDOWN_GRACE", "forever"), "serve");
        assertEquals(2, env.exitCode());
        assertTrue(env.err().contains("server.shutdown-grace must be a duration"), env.err());
        assertTrue(env.err().contains("from environment variable VOYAGER_SHUTDOWN_GRACE"), env.err());

        Path file = Files.writeString(dir.resolve("voyager.properties"), "storage.type=s3\n");
        CliRun s3 = CliRun.of("serve", "--config", file.toString(), "--data-dir", dir.resolve("d").toString());
        assertEquals(2, s3.exitCode());
        assertTrue(s3.err().contains("storage.type is s3 but storage.s3.bucket is not set"), s3.err());
        assertFalse(Files.exists(dir.resolve("d")), "nothing was created");
    }

    @Test
    void helpListsTheSettings() {
        CliRun help = CliRun.of("serve", "--help");
        assertEquals(0, help.exitCode());
        for (String option : List.of("--config", "--port", "--bind", "--data-dir", "--base-path", "--public-url",
                "--storage", "--shutdown-grace", "--link-ttl", "--mqtt", "--offer-key", "--database", "--database-user",
                "--database-password-file", "--link-key",
                "--allow-unauthenticated-checks", "VOYAGER_ADMIN_TOKEN")) {
            assertTrue(help.out().contains(option), option + " in " + help.out());
        }
    }

    /** The real process: file, environment and flags together, then SIGTERM. */
    @Test
    void aServerProcessStopsGracefullyOnSigterm() throws Exception {
        Path config = Files.writeString(dir.resolve("voyager.properties"),
                "server.bind=127.0.0.1\nserver.port=1\nserver.shutdown-grace=3s\n");
        Path data = dir.resolve("data");
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
                "--config", config.toString(), "--port", "0");
        pb.environment().put("VOYAGER_DATA_DIR", data.toString());
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = pb.start();
        try {
            String listening = await(err, Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)"), 60);
            Matcher port = Pattern.compile(":(\\d+),").matcher(listening);
            assertTrue(port.find(), listening);
            await(err, Pattern.compile("ready in"), 30);
            assertTrue(Files.isDirectory(data.resolve("db")), "VOYAGER_DATA_DIR was used");

            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port.group(1) + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            await(out, Pattern.compile("Admin token \\(shown only this once"), 10);

            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the server stopped");
            assertEquals(143, process.exitValue(), "128 + SIGTERM");
            await(err, Pattern.compile("shutting down: no new connections"), 5);
            await(err, Pattern.compile("database closed"), 5);
            await(err, Pattern.compile("stopped in \\d+ ms"), 5);
        } finally {
            process.destroyForcibly();
        }
    }

    /** The first line of {@code file} matching {@code pattern}, waiting up to {@code seconds} for it. */
    private static String await(Path file, Pattern pattern, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String text = "";
        while (System.nanoTime() < deadline) {
            text = Files.readString(file, StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (pattern.matcher(line).find()) {
                    return line;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no line matching " + pattern + " within " + seconds + " s in:\n" + text);
    }
}
