package io.voyagerota.server.console;

import io.voyagerota.server.TestServers;
import io.voyagerota.server.VoyagerServer;
import io.voyagerota.testing.images.GeneratedFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The console in Firefox: {@code src/test/firefox/walk.mjs} drives Debian's firefox-esr over WebDriver BiDi
 * (puppeteer-core from the npm registry; Firefox needs no driver binary that way) through sign-in, a product, an
 * upload by the file input, stage, promote, live rollout counts while devices update over the device API, pause and
 * resume, the fleet charts, revoke, a phone's width and sign-out, failing on any script error or CSP violation.
 * Skipped where Firefox or Node.js is missing, unless {@code VOYAGER_REQUIRE_FIREFOX=1} (as in CI).
 */
class ConsoleFirefoxTest {
    private static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");
    private static final String TOKEN = "console-firefox-admin-token-0123456789abcdef";
    private static final int DEVICES = 150;

    @TempDir
    Path data;

    @Test
    @Timeout(300)
    void anOperatorWalksTheConsoleInFirefox() throws Exception {
        boolean required = "1".equals(System.getenv("VOYAGER_REQUIRE_FIREFOX"));
        Optional<Path> node = onPath("node");
        Optional<Path> npm = onPath("npm");
        String missing = !Files.isExecutable(FIREFOX) ? FIREFOX + " (Debian's firefox-esr)"
                : node.isEmpty() || npm.isEmpty() ? "node and npm" : "";
        if (!missing.isEmpty()) {
            if (required) {
                fail("VOYAGER_REQUIRE_FIREFOX=1 but " + missing + " is missing: .ci/run installs it");
            }
            Assumptions.abort(missing + " is missing: the console's Firefox walk needs it");
        }
        Path walk = install(npm.get());
        GeneratedFile image = TestServers.image("1.1.0", 200_000);
        Path firmware = Files.write(data.resolve("locker-1.1.0.bin"), image.bytes());
        Path shots = Files.createDirectories(Path.of("target", "console-screenshots"));
        try (VoyagerServer server = TestServers.start(data.resolve("server"), new ByteArrayOutputStream(),
                b -> b.adminToken(Optional.of(TOKEN)))) {
            Process browser = new ProcessBuilder(node.get().toString(), "walk.mjs", server.url() + "/console/", TOKEN,
                    firmware.toAbsolutePath().toString(), shots.toAbsolutePath().toString(), FIREFOX.toString())
                    .directory(walk.toFile()).redirectErrorStream(true).start();
            List<String> lines = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(browser.getInputStream(),
                    StandardCharsets.UTF_8)); Writer in = browser.outputWriter(StandardCharsets.UTF_8)) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                    System.out.println("firefox walk: " + line);
                    if (line.equals("WAITING devices")) {
                        in.write(updateDevices(server) + " 0\n");
                        in.flush();
                    }
                }
            } finally {
                if (!browser.waitFor(30, TimeUnit.SECONDS)) {
                    browser.destroyForcibly();
                }
            }
            String transcript = String.join("\n", lines);
            assertEquals(0, browser.exitValue(), transcript);
            assertTrue(lines.get(lines.size() - 1).startsWith("DONE firefox/"), transcript);
            assertTrue(transcript.contains("STEP the rollout counts changed without a reload"), transcript);
        }
    }

    /** About a tenth of the devices are offered the release at 10%; each installs it and reports success. */
    private static int updateDevices(VoyagerServer server) throws IOException, InterruptedException {
        HttpFleet fleet = new HttpFleet(server.url(), TOKEN, TestServers.PRODUCT, TestServers.MODEL);
        fleet.enrol("locker", DEVICES);
        List<String> offered = fleet.check("1.0.0", "1.1.0");
        // Binomial(150, 0.1): no offer at all happens with probability below 1e-6.
        assertTrue(!offered.isEmpty() && offered.size() < DEVICES / 4, "about 10% offered: " + offered.size());
        for (String id : offered) {
            fleet.report(id, "1.0.0", "1.1.0", true);
        }
        return offered.size();
    }

    /** The walk and its locked dependencies under target/, installed with npm ci (kept between runs). */
    private static Path install(Path npm) throws IOException, InterruptedException {
        Path source = Path.of("src", "test", "firefox");
        Path walk = Files.createDirectories(Path.of("target", "firefox-walk"));
        for (String file : List.of("package.json", "package-lock.json", "walk.mjs")) {
            Files.copy(source.resolve(file), walk.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(walk.resolve("node_modules").resolve("puppeteer-core"))) {
            Process ci = new ProcessBuilder(npm.toString(), "ci", "--no-audit", "--no-fund", "--ignore-scripts")
                    .directory(walk.toFile()).redirectErrorStream(true).start();
            String output = new String(ci.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ci.waitFor(180, TimeUnit.SECONDS) || ci.exitValue() != 0) {
                fail("npm ci of the Firefox walk's puppeteer-core failed: " + output);
            }
        }
        return walk;
    }

    private static Optional<Path> onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
