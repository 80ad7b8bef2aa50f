package io.voyagerota.jdbc;

import io.voyagerota.Voyager;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseDraft;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.storage.fs.FileSystemArtifactStorage;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Security suite row 15: a node killed with SIGKILL while its outbox relay delivers an event, just before the side
 * effect or just after it (before the event is marked done), leaves the same end state once another node takes the
 * event over after its lease: the deleted release's artifact is in the trash exactly once, invisible and restorable,
 * the event PROCESSED, nothing FAILED. A child JVM runs a real Voyager on the shared PostgreSQL and the filesystem
 * storage; the kill lands at the chosen point because the storage stops there until the process dies.
 */
@Tag("security")
class SideEffectCrashTest {
    /** Where the child's storage stops, relative to the artifact's move to the trash. */
    enum CrashPoint { BEFORE_THE_SIDE_EFFECT, AFTER_THE_SIDE_EFFECT }

    private static final Duration LEASE = Duration.ofMinutes(5); // the relay's default lease, which Voyager uses
    private TestDatabase database;

    @TempDir
    Path dir;

    @BeforeEach
    void openDatabase() {
        database = TestDatabase.postgres();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @ParameterizedTest
    @EnumSource(CrashPoint.class)
    @Timeout(90)
    void aKillBeforeOrAfterTheSideEffectEndsInTheSameState(CrashPoint point) throws Exception {
        Path root = dir.resolve("artifacts");
        Release release;
        try (Voyager voyager = node(root, Instant::now)) {
            voyager.products().create(Product.of("locker", "Smart locker", new HardwareModel("locker-s3",
                    Chip.ESP32_S3)));
            Release draft = voyager.releases().create(ReleaseDraft.builder("locker", Version.parse("1.0.0"))
                    .build());
            try (InputStream image = new Esp32ImageBuilder().chip(Chip.ESP32_S3).version("1.0.0")
                    .projectName("locker").seed(15).build().file().open()) {
                release = voyager.releases().upload(draft.id(), image, Optional.empty());
            }
            voyager.releases().delete(release.id()); // commits the release and its artifact.delete event
        }
        ArtifactKey key = ArtifactKey.of(release.artifact().orElseThrow().key());
        FileSystemArtifactStorage storage = FileSystemArtifactStorage.builder(root).build();
        assertTrue(storage.stat(key).isPresent(), "the relay has not run yet");

        killAt(point, root);

        OutboxEvent orphan = only(OutboxState.PROCESSING);
        assertTrue(orphan.leaseOwner().isPresent() && orphan.leaseUntil().orElseThrow().isAfter(Instant.now()),
                "the dead node still holds the lease: " + orphan);
        assertEquals(point == CrashPoint.BEFORE_THE_SIDE_EFFECT, storage.stat(key).isPresent(),
                "the side effect happened or not, as the kill point says");

        // The restarted node, once the dead node's lease has run out, delivers the event again.
        try (Voyager restarted = node(root, () -> Instant.now().plus(LEASE).plusSeconds(1))) {
            assertEquals(1, restarted.relayOutbox());
            OutboxEvent done = registry().outbox().find(orphan.id()).orElseThrow();
            assertEquals(OutboxState.PROCESSED, done.state());
            assertEquals(2, done.attempts(), "the dead node's claim and the restarted node's");
            assertEquals(0L, registry().outbox().counts().get(OutboxState.FAILED));
            assertEquals(0L, registry().outbox().counts().get(OutboxState.PENDING));
            assertEquals(0L, registry().outbox().counts().get(OutboxState.PROCESSING));
            assertTrue(storage.stat(key).isEmpty(), "the artifact is invisible");
            assertEquals(List.of(key.value() + "@"), trash(root), "and in the trash exactly once");
            assertTrue(registry().catalog().findRelease(release.id()).orElseThrow().deleted());

            restarted.releases().restore(release.id());
            restarted.relayOutbox();
            assertEquals(release.artifact().orElseThrow().sha256(), storage.stat(key).orElseThrow().sha256(),
                    "restorable, byte for byte");
        }
    }

    /** Runs a node's relay in a child JVM and kills it with SIGKILL at {@code point}. */
    private void killAt(CrashPoint point, Path root) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), SideEffectCrashChild.class.getName(),
                database.url, database.user, root.toString(), point.name()).redirectErrorStream(true).start();
        StringBuilder said = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                said.append(line).append('\n');
                if (line.equals("stopped " + point.name())) {
                    break;
                }
            }
            assertTrue(said.toString().endsWith("stopped " + point.name() + "\n"), "the child did not reach "
                    + point + ": " + said);
        } finally {
            child.destroyForcibly(); // SIGKILL: the relay never marks the event, nothing is rolled back
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), "killed by SIGKILL (128 + 9)");
    }

    private Voyager node(Path root, java.time.InstantSource clock) throws IOException {
        return Voyager.builder().registry(registry()).artifactStorage(FileSystemArtifactStorage.builder(root).build())
                .clock(clock).build();
    }

    private JdbcRegistry registry() {
        return database.registry();
    }

    private OutboxEvent only(OutboxState state) {
        List<OutboxEvent> events = registry().outbox().list(state, 10);
        assertEquals(1, events.size(), state + ": " + events);
        return events.get(0);
    }

    private static List<String> trash(Path root) throws IOException {
        Path trash = root.resolve("trash");
        try (var all = Files.walk(trash)) {
            return all.filter(p -> p.getFileName().toString().endsWith("@"))
                    .map(p -> trash.relativize(p).toString()).toList();
        }
    }
}
