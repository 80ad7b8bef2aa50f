package io.voyagerota.housekeeping;

import io.voyagerota.ConflictException;
import io.voyagerota.InvalidInputException;
import io.voyagerota.Voyager;
import io.voyagerota.VoyagerConfig;
import io.voyagerota.catalog.Release;
import io.voyagerota.internal.ArtifactEvents;
import io.voyagerota.memory.InMemoryArtifactStorage;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.StoredArtifact;
import io.voyagerota.testing.VoyagerFixture;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HousekeepingTest {
    private final VoyagerFixture f = new VoyagerFixture();
    private final Voyager voyager = f.voyager;

    private ArtifactKey storeOrphan(String name) throws IOException {
        ArtifactKey key = ArtifactKey.of("products/locker/releases/9.9.9/" + name + ".bin");
        f.storage.put(key, new ByteArrayInputStream("left by a crash".getBytes(StandardCharsets.UTF_8)), 1000);
        return key;
    }

    /** Events of one artifact are claimed one after another, so one relay round may not reach the last. */
    private void drainOutbox() {
        for (int round = 0; round < 20 && voyager.relayOutbox() > 0; round++) {
            // until nothing is left
        }
        assertEquals(0, f.registry.outbox().list(OutboxState.PENDING, 100).size());
    }

    private String keyOf(Release release) {
        return voyager.releases().get(release.id()).artifact().orElseThrow().key();
    }

    @Test
    void anArtifactNoReleaseReferencesIsPurgedOnceOlderThanTheGrace() throws IOException {
        ArtifactKey orphan = storeOrphan("orphan");
        Release live = f.staged("1.0.0");
        f.clock.advance(Duration.ofHours(23));
        ArtifactKey young = storeOrphan("young");

        HousekeepingReport early = voyager.housekeeping().run();
        assertEquals(List.of(), early.purges(), "nothing is older than 24 h yet");
        assertEquals(3, early.artifactsListed());

        f.clock.advance(Duration.ofHours(1));
        HousekeepingReport report = voyager.housekeeping().run();
        assertEquals(List.of(new ArtifactPurge(orphan.value(), PurgeReason.UNREFERENCED,
                ArtifactEvents.purgeId(orphan.value(), PurgeReason.UNREFERENCED, f.clock.instant()))), report.purges());
        assertEquals(List.of(), report.problems());
        assertEquals(Optional.of(report), voyager.housekeeping().lastReport());
        OutboxEvent event = f.registry.outbox().find(report.purges().get(0).eventId()).orElseThrow();
        assertEquals("artifact.purge", event.type());
        assertTrue(event.payload().contains("\"reason\":\"unreferenced\""), event.payload());

        drainOutbox();
        assertEquals(OutboxState.PROCESSED, f.registry.outbox().find(event.id()).orElseThrow().state());
        List<String> left = f.storage.list("", ArtifactStorage.MAX_PAGE).objects().stream()
                .map(o -> o.key().value()).toList();
        assertTrue(left.contains(young.value()) && left.contains(keyOf(live)) && !left.contains(orphan.value()), left.toString());
    }

    @Test
    void nodesRunningOnTheSameDayQueueOnePurgeBetweenThem() throws IOException {
        storeOrphan("orphan");
        f.clock.advance(Duration.ofDays(2));
        Voyager other = Voyager.builder().registry(f.registry).artifactStorage(f.storage).clock(f.clock).build();
        String id = voyager.housekeeping().run().purges().get(0).eventId();
        f.clock.advance(Duration.ofMinutes(30));
        assertEquals(id, other.housekeeping().run().purges().get(0).eventId());
        assertEquals(1, f.registry.outbox().list(OutboxState.PENDING, 100).size());
    }

    @Test
    void aDeletedReleaseStaysRestorableForTheRetentionThenItsArtifactGoesAndRestoreIsRefused() throws IOException {
        Release kept = f.staged("1.0.0");
        Release deleted = f.staged("1.1.0");
        voyager.releases().delete(deleted.id());
        drainOutbox(); // the artifact is hidden
        f.clock.advance(Duration.ofDays(29));
        assertEquals(List.of(), voyager.housekeeping().run().purges());
        assertEquals(kept.id(), voyager.releases().get(kept.id()).id());

        f.clock.advance(Duration.ofDays(1));
        HousekeepingReport report = voyager.housekeeping().run();
        assertEquals(List.of(keyOf(deleted)), report.purges().stream().map(ArtifactPurge::key).toList());
        assertEquals(PurgeReason.RETENTION, report.purges().get(0).reason());
        ConflictException refused = assertThrows(ConflictException.class, () -> voyager.releases().restore(deleted.id()));
        assertTrue(refused.getMessage().contains("longer ago than the retention of PT720H"), refused.getMessage());
        assertTrue(voyager.releases().get(deleted.id()).deleted(), "a refused restore changes nothing");

        drainOutbox();
        List<String> left = f.storage.list("", ArtifactStorage.MAX_PAGE).objects().stream()
                .map(o -> o.key().value()).toList();
        assertEquals(List.of(keyOf(kept)), left);
    }

    @Test
    void aPurgeOfAnArtifactALiveReleaseReferencesIsNotCarriedOut() throws IOException {
        Release live = f.staged("1.0.0");
        String key = keyOf(live);
        // as a housekeeping run on a node with a stale catalog, or a hand-written event, would queue it
        f.registry.outbox().append(List.of(ArtifactEvents.purge(key, PurgeReason.UNREFERENCED, f.clock.instant())));
        drainOutbox();
        Optional<StoredArtifact> still = f.storage.stat(ArtifactKey.of(key));
        assertTrue(still.isPresent(), "the live release's artifact is still there");
        try (InputStream in = f.storage.open(ArtifactKey.of(key), 0, still.get().size())) {
            assertEquals(still.get().size(), in.readAllBytes().length);
        }
    }

    @Test
    void aDeletedReleaseRestoredWithinTheRetentionKeepsItsArtifactWhateverWasQueued() throws IOException {
        Release release = f.staged("1.0.0");
        String key = keyOf(release);
        voyager.releases().delete(release.id());
        f.registry.outbox().append(List.of(ArtifactEvents.purge(key, PurgeReason.RETENTION, f.clock.instant())));
        voyager.releases().restore(release.id());
        drainOutbox();
        assertTrue(f.storage.stat(ArtifactKey.of(key)).isPresent());
    }

    @Test
    void storageThatCannotListIsReportedNotThrown() {
        InMemoryArtifactStorage held = new InMemoryArtifactStorage(f.clock);
        ArtifactStorage unlisted = new ArtifactStorage() { // an adapter that predates listing: list() is the default
            public StoredArtifact put(ArtifactKey key, InputStream content, long maxBytes) throws IOException {
                return held.put(key, content, maxBytes);
            }

            public Optional<StoredArtifact> stat(ArtifactKey key) {
                return held.stat(key);
            }

            public InputStream open(ArtifactKey key, long offset, long length) throws IOException {
                return held.open(key, offset, length);
            }

            public boolean delete(ArtifactKey key) throws IOException {
                return held.delete(key);
            }

            public boolean restore(ArtifactKey key) throws IOException {
                return held.restore(key);
            }

            public boolean purge(ArtifactKey key) throws IOException {
                return held.purge(key);
            }
        };
        Voyager node = Voyager.inMemory().artifactStorage(unlisted).clock(f.clock).build();
        HousekeepingReport report = node.housekeeping().run();
        assertEquals(1, report.problems().size());
        assertTrue(report.problems().get(0).contains("cannot list its artifacts; implement ArtifactStorage.list"),
                report.problems().toString());
        assertEquals(List.of(), report.purges());
    }

    @Test
    void startRunsHousekeepingAtOnceWhenEnabledAndNotWhenDisabled() throws Exception {
        storeOrphan("orphan");
        f.clock.advance(Duration.ofDays(2));
        try (Voyager on = Voyager.builder().registry(f.registry).artifactStorage(f.storage).clock(f.clock).build();
             Voyager off = Voyager.builder().registry(f.registry).artifactStorage(f.storage).clock(f.clock)
                     .housekeeping(HousekeepingConfig.defaults().withEnabled(false)).build()) {
            off.start();
            on.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (on.housekeeping().lastReport().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, on.housekeeping().lastReport().orElseThrow().purges().size());
            assertEquals(Optional.empty(), off.housekeeping().lastReport());
        }
    }

    @Test
    void settingsAreValidated() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> HousekeepingConfig.defaults().withUnreferencedGrace(Duration.ofMinutes(5)));
        assertTrue(e.getMessage().contains("unreferencedGrace must be at least PT1H, not PT5M"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> HousekeepingConfig.defaults().withInterval(Duration.ofSeconds(1)));
        assertThrows(InvalidInputException.class, () -> HousekeepingConfig.defaults().withDeletedRetention(Duration.ZERO));
        assertEquals(VoyagerConfig.defaults(), VoyagerConfig.defaults());
    }
}
