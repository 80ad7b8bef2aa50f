package io.voyagerota.server.cli;

import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.server.TestServers;
import io.voyagerota.server.VoyagerServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code voyager outbox list|resubmit|discard} against a running server. */
class OutboxCommandTest {
    private static final String TOKEN = "outbox-cli-token-0123456789abcdefghijkl";

    @TempDir
    Path dir;

    @Test
    void failedEventsAreListedResubmittedAndDiscarded() throws Exception {
        try (VoyagerServer server = TestServers.start(dir, new ByteArrayOutputStream(),
                b -> b.adminToken(Optional.of(TOKEN)))) {
            Map<String, String> env = Map.of("VOYAGER_SERVER", server.url().toString(), "VOYAGER_TOKEN", TOKEN);
            OutboxEvent first = OutboxEvent.pending("host.unhandled", "thing-1", "{}", Instant.now().minusSeconds(2));
            OutboxEvent second = OutboxEvent.pending("host.unhandled", "thing-2", "{}", Instant.now().minusSeconds(1));
            server.voyager().registry().outbox().append(List.of(first, second));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (server.voyager().outbox().counts().get(OutboxState.FAILED) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50); // the background relay finds no handler and fails them
            }

            CliRun list = CliRun.withEnv(env, "outbox", "list", "--limit", "1");
            assertEquals(0, list.exitCode(), list.err());
            assertTrue(list.out().contains(first.id()) && list.out().contains("host.unhandled")
                    && list.out().contains("no handler is registered"), list.out());
            assertTrue(list.out().contains("more: --after " + first.id()), list.out());
            assertTrue(list.out().contains("failed 2"), list.out());
            CliRun next = CliRun.withEnv(env, "outbox", "list", "--limit", "1", "--after", first.id());
            assertTrue(next.out().contains(second.id()), next.out());

            CliRun discard = CliRun.withEnv(env, "outbox", "discard", first.id(), "--reason", "not wanted");
            assertEquals(0, discard.exitCode(), discard.err());
            assertTrue(discard.out().contains("DISCARDED") || discard.out().contains("discarded"), discard.out());
            assertTrue(discard.out().contains("discarded by admin at "), discard.out());
            assertTrue(discard.out().contains(": not wanted; it had failed with: "), discard.out());

            CliRun again = CliRun.withEnv(env, "outbox", "discard", first.id(), "--reason", "twice");
            assertEquals(1, again.exitCode());
            assertTrue(again.err().contains("only FAILED events can be discarded"), again.err());

            CliRun resubmit = CliRun.withEnv(env, "outbox", "resubmit", second.id());
            assertEquals(0, resubmit.exitCode(), resubmit.err());
            assertTrue(resubmit.out().contains("pending"), resubmit.out());

            CliRun discarded = CliRun.withEnv(env, "outbox", "list", "--state", "discarded");
            assertTrue(discarded.out().contains(first.id()), discarded.out());
            assertEquals(2, CliRun.withEnv(env, "outbox", "discard", first.id()).exitCode(), "--reason is required");
        }
    }
}
