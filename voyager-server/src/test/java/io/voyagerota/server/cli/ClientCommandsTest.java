package io.voyagerota.server.cli;

import io.voyagerota.server.TestServers;
import io.voyagerota.server.VoyagerServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client commands' errors: usage, an unreachable server, a refusal. */
class ClientCommandsTest {
    @TempDir
    Path dir;

    private static void assertNoStackTrace(CliRun run) {
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), "no stack trace: " + run.err());
    }

    @Test
    void anUnreachableServerIsOneClearLine() throws Exception {
        int port = TestServers.freePort();
        CliRun run = CliRun.withEnv(Map.of("VOYAGER_SERVER", "http://127.0.0.1:" + port), "product", "list");
        assertEquals(1, run.exitCode());
        assertEquals("voyager: cannot reach the Voyager server at http://127.0.0.1:" + port + "/v1: it refused the"
                + " connection; is `voyager serve` running there? Set the URL with --server or VOYAGER_SERVER",
                run.err().strip());
        assertNoStackTrace(run);
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        String server = "--server=http://127.0.0.1:1";
        String[][] usages = {
                {"release", "list", server},                                         // --product missing
                {"product", "create", server, "--id", "p", "--name", "P", "--model", "nochip"},
                {"release", "show", server, "--product", "p", "--version", "1.x"},  // malformed version
                {"release", "show", server},                                         // no release named
                {"release", "show", server, "rel-1", "--product", "p"},              // both ways at once
                {"release", "promote", server, "rel-1", "--plan", "1,10", "--percent", "5"},
                {"release", "promote", server, "rel-1", "--percent", "5", "--all"},
                {"release", "promote", server, "rel-1", "--soak", "a while", "--plan", "1,100"},
                {"release", "promote", server, "rel-1", "--pause-at", "0"},
                {"release", "promote", server, "rel-1", "--window", "a while"},
                {"release", "upload", server, dir.resolve("missing.bin").toString(), "--product", "p",
                        "--version", "1.0.0"},
                {"release", "upload", server, "x.bin", "--signature", "a.sig", "--sign-with", "k.pem"},
                {"rollout", "widen", server, "ro-1"},                                // no target
                {"rollout", "replan", server, "ro-1"},                               // no --plan
                {"rollout", "replan", server, "ro-1", "--plan", "10,100", "--soak", "a while"},
                {"rollout", "replan", server, "ro-1", "--plan", "10,100", "--advance-at", "120"},
                {"device", "tags", server, "dev-1", "tester", "--clear"},
                {"product", "list", "--server", "localhost:8080"},
        };
        for (String[] args : usages) {
            CliRun run = CliRun.of(args);
            assertEquals(2, run.exitCode(), String.join(" ", args) + " → " + run.err());
            assertNoStackTrace(run);
        }
    }

    @Test
    void aRefusalPrintsTheServersDetailAndExitsOne() throws Exception {
        try (VoyagerServer server = TestServers.start(dir)) {
            CliRun run = CliRun.of("product", "list", "--server", server.url().toString());
            assertEquals(1, run.exitCode(), run.out());
            assertTrue(Pattern.compile("^voyager: .+ \\(HTTP 40[14] from GET " + Pattern.quote(server.apiUrl()
                    + "/admin/products") + "\\)").matcher(run.err()).find(), run.err());
            assertNoStackTrace(run);
        }
    }
}
