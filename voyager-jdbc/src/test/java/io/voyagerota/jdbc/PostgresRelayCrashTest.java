package io.voyagerota.jdbc;

import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxRelay;
import io.voyagerota.outbox.OutboxState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A relay killed with SIGKILL in the middle of a batch (a child JVM on the shared embedded PostgreSQL): its claimed
 * events stay leased until the lease expires, then another relay delivers them, and every event takes effect
 * exactly once because the handler is idempotent.
 */
class PostgresRelayCrashTest {
    private static final int EVENTS = 200;
    private static final Duration CHILD_LEASE = Duration.ofMinutes(10);

    private TestDatabase database;
    private JdbcRegistry registry;

    @BeforeEach
    void openDatabase() throws Exception {
        database = TestDatabase.postgres();
        registry = database.registry();
        RelayEffects.createTables(database.dataSource());
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    @Timeout(120)
    @Tag("security") // security suite row 15
    void aRelayKilledMidBatchIsTakenOverAfterItsLeaseAndEveryEventTakesEffectOnce(@TempDir Path dir)
            throws Exception {
        List<OutboxEvent> events = new ArrayList<>();
        Instant t0 = Instant.now().minusSeconds(60);
        for (int i = 0; i < EVENTS; i++) {
            events.add(OutboxEvent.pending(RelayEffects.TYPE, "release-" + i, "{\"n\":" + i + "}",
                    t0.plusMillis(i)));
        }
        registry.outbox().append(events);

        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RelayChild.class.getName(), database.url,
                database.user, "doomed-relay", Long.toString(CHILD_LEASE.toMillis()), "10")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (effects() < 30) { // well inside its first batch of 50
                assertTrue(child.isAlive(), () -> "the child relay died on its own: " + read(log));
                assertTrue(System.nanoTime() < deadline, () -> "the child relay made no progress: " + read(log));
                Thread.sleep(5);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no rollback by the relay, nothing marked
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), () -> "killed by SIGKILL (128 + 9): " + read(log));

        List<OutboxEvent> orphaned = registry.outbox().list(OutboxState.PROCESSING, EVENTS);
        assertTrue(!orphaned.isEmpty() && orphaned.stream().allMatch(e -> e.leaseOwner().orElseThrow()
                .equals("doomed-relay")), "killed mid-batch, leaving leased events: " + orphaned.size());
        long appliedByChild = effects();

        // While the dead relay's lease holds, a survivor delivers only what the dead one never claimed.
        OutboxRelay survivor = relay(InstantSource.system());
        survivor.runUntilIdle(100);
        assertEquals(orphaned.size(), registry.outbox().counts().get(OutboxState.PROCESSING),
                "leased events are not taken while the lease holds");

        // Once the lease has expired (the survivor's clock is past it), it takes them over.
        OutboxRelay afterLease = relay(() -> Instant.now().plus(CHILD_LEASE).plusSeconds(1));
        afterLease.runUntilIdle(100);

        assertEquals(EVENTS, registry.outbox().counts().get(OutboxState.PROCESSED));
        assertEquals(0, database.queryLong("SELECT COUNT(*) FROM voyager_outbox o"
                + " LEFT JOIN effect e ON e.event_id = o.id WHERE e.event_id IS NULL"), "every event took effect");
        assertEquals(EVENTS, effects(), "and only once: the effect is keyed by the event id");
        long redelivered = database.queryLong("SELECT COUNT(*) FROM effect_attempt")
                - database.queryLong("SELECT COUNT(DISTINCT event_id) FROM effect_attempt");
        assertTrue(redelivered <= 1, "at most the event in flight at the kill was delivered twice: " + redelivered);
        assertTrue(appliedByChild >= 30 && appliedByChild < EVENTS, "applied by the child: " + appliedByChild);
        for (OutboxEvent e : orphaned) {
            assertEquals(2, registry.outbox().find(e.id()).orElseThrow().attempts(), "claimed twice: " + e.id());
        }
    }

    private OutboxRelay relay(InstantSource clock) {
        return OutboxRelay.builder(registry.outbox()).owner("survivor").clock(clock).batchSize(25)
                .handler(RelayEffects.TYPE, RelayEffects.handler(database.dataSource(), "survivor", 0)).build();
    }

    private long effects() {
        return database.queryLong("SELECT COUNT(*) FROM effect");
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no output)";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
