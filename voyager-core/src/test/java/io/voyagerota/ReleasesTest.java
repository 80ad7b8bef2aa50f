package io.voyagerota;

import io.voyagerota.catalog.IllegalTransitionException;
import io.voyagerota.catalog.NonMonotonicVersionException;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseDraft;
import io.voyagerota.catalog.ReleaseState;
import io.voyagerota.event.ReleaseTransitioned;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.ArtifactTooLargeException;
import io.voyagerota.spi.CatalogChange;
import io.voyagerota.testing.VoyagerFixture;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.voyagerota.testing.VoyagerFixture.PRODUCT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReleasesTest {
    private final VoyagerFixture f = new VoyagerFixture();
    private final Voyager voyager = f.voyager;

    @Test
    void versionsAreMonotonicPerProduct() {
        f.draft("1.9.10");
        NonMonotonicVersionException older = assertThrows(NonMonotonicVersionException.class,
                () -> f.draft("1.9.9"));
        assertTrue(older.getMessage().contains("1.9.10 already exists"), older.getMessage());
        assertThrows(NonMonotonicVersionException.class, () -> f.draft("1.9.10"));
        assertThrows(NonMonotonicVersionException.class, () -> f.draft("1.9.10-rc.1"));
        assertEquals(Version.parse("1.10.2"), f.draft("1.10.2").version(), "1.10.2 is newer than 1.9.10, not older as a flat 1102 < 1910 would say");
        assertEquals(2, voyager.releases().list(PRODUCT).size());
    }

    @Test
    void deletedReleasesDoNotBlockVersionsAndCannotBeRestoredOverALiveTwin() {
        Release first = f.draft("2.0.0");
        voyager.releases().delete(first.id());
        Release again = f.draft("2.0.0");
        ConflictException e = assertThrows(ConflictException.class, () -> voyager.releases().restore(first.id()));
        assertTrue(e.getMessage().contains("another live release has that version"), e.getMessage());
        assertTrue(voyager.releases().get(first.id()).deleted(), "a refused restore changes nothing");
        assertEquals(ReleaseState.DRAFT, voyager.releases().get(again.id()).state());
    }

    @Test
    void modelsMustBelongToTheProduct() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> f.draft("1.0.0", b -> b.models("locker-h2")));
        assertTrue(e.getMessage().contains("has no model 'locker-h2'"), e.getMessage());
    }

    @Test
    void uploadRecordsSizeAndHashAndRunsValidation() {
        Release draft = f.draft("1.0.0");
        var image = f.imageFor(draft);
        Release uploaded = f.upload(draft, image);
        var artifact = uploaded.artifact().orElseThrow();
        assertEquals(image.size(), artifact.size());
        assertEquals(image.sha256(), artifact.sha256());
        assertEquals(io.voyagerota.catalog.ArtifactKind.APP_IMAGE, artifact.kind());
        assertTrue(uploaded.validation().passed(), uploaded.validation().toString());
        List<String> names = uploaded.validation().steps().stream().map(s -> s.name()).toList();
        for (String step : List.of("not-empty", "size-limit", "magic", "checksum", "kind", "chip",
                "descriptor-version", "secure-version", "signature")) {
            assertTrue(names.contains(step), step + " in " + names);
        }
        assertTrue(f.storage.stat(ArtifactKey.of(artifact.key())).isPresent());
    }

    @Test
    void anImageForAnotherChipFailsValidationNamingTheModel() {
        Release draft = f.draft("1.0.0");
        Release uploaded = f.upload(draft, new io.voyagerota.testing.images.Esp32ImageBuilder()
                .chip(io.voyagerota.catalog.Chip.ESP32_C3).version("1.0.0").build().file());
        assertFalse(uploaded.validation().passed());
        assertTrue(uploaded.validation().failures().contains("chip: built for esp32c3 but model 'locker-s3' is an esp32s3"),
                uploaded.validation().failures());
    }

    @Test
    void anImageDeclaringAnotherVersionFailsValidation() {
        Release draft = f.draft("1.0.1");
        Release uploaded = f.upload(draft, new io.voyagerota.testing.images.Esp32ImageBuilder()
                .chip(io.voyagerota.catalog.Chip.ESP32_S3).version("1.0.0").build().file());
        assertTrue(uploaded.validation().failures().contains("declares version 1.0.0 but the release is 1.0.1"),
                uploaded.validation().failures());
    }

    @Test
    void anArduinoImageWithoutAVersionTakesTheReleaseVersionAndTheImageSecureVersionIsAdopted() {
        Release draft = f.draft("1.0.0");
        Release uploaded = f.upload(draft, new io.voyagerota.testing.images.Esp32ImageBuilder()
                .chip(io.voyagerota.catalog.Chip.ESP32_S3).version("").secureVersion(3).build().file());
        assertTrue(uploaded.validation().passed(), uploaded.validation().failures());
        assertEquals(3, uploaded.secureVersion());
    }

    @Test
    void aBundleIsRecordedWithItsPartsAndOfferedWithThem() {
        Release draft = f.draft("1.0.0");
        var bundle = new io.voyagerota.testing.images.BundleBuilder().firmware(f.imageFor(draft))
                .ui(new io.voyagerota.testing.images.LittleFsImageBuilder().build()).build();
        Release uploaded = f.upload(draft, bundle);
        assertTrue(uploaded.validation().passed(), uploaded.validation().failures());
        var artifact = uploaded.artifact().orElseThrow();
        assertEquals(io.voyagerota.catalog.ArtifactKind.BUNDLE, artifact.kind());
        assertEquals(List.of("firmware", "ui"), artifact.parts().stream().map(p -> p.name()).toList());
        assertEquals(12, artifact.parts().get(0).offset(), "the firmware starts after the 12-byte header");
        voyager.releases().stage(draft.id());
        voyager.releases().promote(draft.id(), io.voyagerota.rollout.RolloutSpec.all());
        var offer = (io.voyagerota.decision.Offer) voyager.check(io.voyagerota.decision.DeviceCheck.of("d",
                PRODUCT, VoyagerFixture.S3, Version.parse("0.9.0")));
        assertEquals(artifact.parts(), offer.parts());
        assertEquals(io.voyagerota.catalog.ArtifactKind.BUNDLE, offer.artifactKind());
    }

    @Test
    void aBundleWithCrossedPartsIsRefused() {
        Release draft = f.draft("1.0.0");
        var crossed = new io.voyagerota.testing.images.BundleBuilder().firmware(f.imageFor(draft))
                .ui(new io.voyagerota.testing.images.LittleFsImageBuilder().build()).swapParts().build();
        Release uploaded = f.upload(draft, crossed);
        assertFalse(uploaded.validation().passed());
        assertTrue(uploaded.validation().failures().contains("cross-flash"), uploaded.validation().failures());
    }

    @Test
    void aBootloaderIsNotFirmware() {
        Release draft = f.draft("1.0.0");
        Release uploaded = f.upload(draft, new io.voyagerota.testing.images.Esp32ImageBuilder()
                .chip(io.voyagerota.catalog.Chip.ESP32_S3).bootloaderLike().build().file());
        assertFalse(uploaded.validation().passed());
        assertTrue(uploaded.validation().failures().contains("app-descriptor"), uploaded.validation().failures());
        assertThrows(IllegalTransitionException.class, () -> voyager.releases().stage(draft.id()));
    }

    @Test
    void anEmptyUploadFailsValidationAndCannotBeStaged() {
        Release draft = f.upload(f.draft("1.0.0"), "");
        assertFalse(draft.validation().passed());
        IllegalTransitionException e = assertThrows(IllegalTransitionException.class,
                () -> voyager.releases().stage(draft.id()));
        assertTrue(e.getMessage().contains("not-empty: the uploaded file is empty"), e.getMessage());
    }

    @Test
    void anOversizedUploadStoresNothingAndLeavesTheDraftAsItWas() {
        voyager.products().create(new io.voyagerota.catalog.Product("tiny", "Tiny", List.of(
                new io.voyagerota.catalog.HardwareModel("t", io.voyagerota.catalog.Chip.ESP32)), 4, Optional.empty()));
        Release draft = voyager.releases().create(ReleaseDraft.builder("tiny", Version.parse("1.0.0")).build());
        assertThrows(ArtifactTooLargeException.class, () -> voyager.releases().upload(draft.id(),
                new ByteArrayInputStream(new byte[5]), Optional.empty()));
        assertEquals(Optional.empty(), voyager.releases().get(draft.id()).artifact());
        assertEquals(draft.revision(), voyager.releases().get(draft.id()).revision());
    }

    @Test
    void reUploadingADraftPurgesTheReplacedArtifactThroughTheOutbox() {
        Release draft = f.draft("1.0.0");
        Release first = f.upload(draft, f.imageFor(draft));
        ArtifactKey oldKey = ArtifactKey.of(first.artifact().orElseThrow().key());
        f.upload(first, f.imageFor(first));
        assertTrue(f.storage.holds(oldKey), "only the relay removes it");
        voyager.relayOutbox();
        assertFalse(f.storage.holds(oldKey));
    }

    @Test
    void onlyDraftsAcceptArtifacts() {
        Release staged = f.staged("1.0.0");
        assertThrows(IllegalTransitionException.class, () -> f.upload(staged, f.imageFor(staged)));
    }

    @Test
    void revocationBlocksTheVersionWithItsReason() {
        Release bad = f.production("1.1.0");
        voyager.releases().revoke(bad.id(), "Boot loop after OTA");
        assertEquals(Map.of("1.1.0", "Boot loop after OTA"), voyager.releases().blockedVersions(PRODUCT));
    }

    @Test
    void revocationIsPermanentDeletingARevokedReleaseKeepsItsBlockAndItsRollback() {
        f.production("1.0.0");
        Release bad = f.production("1.1.0");
        voyager.releases().revoke(bad.id(), "Boot loop after OTA");
        voyager.releases().delete(bad.id());
        assertEquals(Map.of("1.1.0", "Boot loop after OTA"), voyager.releases().blockedVersions(PRODUCT),
                "a deleted revoked release is still blocked");
        var back = assertInstanceOf(io.voyagerota.decision.Offer.class, voyager.check(
                io.voyagerota.decision.DeviceCheck.of("d", PRODUCT, VoyagerFixture.S3, Version.parse("1.1.0"))));
        assertEquals(io.voyagerota.decision.Offer.Kind.ROLLBACK, back.kind());
        assertEquals(Version.parse("1.0.0"), back.version());
        ConflictException reuse = assertThrows(ConflictException.class, () -> f.draft("1.1.0"));
        assertTrue(reuse.getMessage().contains("was revoked (Boot loop after OTA)")
                && reuse.getMessage().contains("give the release a new version"), reuse.getMessage());
        f.draft("1.1.1"); // a new version is fine
        Release restored = voyager.releases().restore(bad.id());
        assertEquals(ReleaseState.REVOKED, restored.state(), "restoring brings it back revoked");
    }

    @Test
    void blockedVersionsAreInVersionOrderNotTextOrder() {
        voyager.releases().revoke(f.production("1.9.0").id(), "first");
        voyager.releases().revoke(f.production("1.10.0").id(), "second");
        assertEquals(List.of("1.9.0", "1.10.0"), List.copyOf(voyager.releases().blockedVersions(PRODUCT).keySet()));
    }

    @Test
    void transitionsArePublished() {
        Release r = f.production("1.0.0");
        voyager.releases().revoke(r.id(), "bad");
        List<String> moves = new ArrayList<>();
        for (ReleaseTransitioned t : f.events(ReleaseTransitioned.class)) {
            moves.add(t.from() + "->" + t.to());
        }
        assertEquals(List.of("none->draft", "draft->staging", "staging->production", "production->revoked"), moves);
    }

    @Test
    void deleteAndRestoreReachStorageThroughTheOutboxOnly() {
        Release staged = f.staged("1.0.0");
        voyager.relayOutbox(); // staging's trigger for testers
        ArtifactKey key = ArtifactKey.of(staged.artifact().orElseThrow().key());
        voyager.releases().delete(staged.id());
        assertTrue(voyager.releases().get(staged.id()).deleted());
        assertTrue(f.storage.stat(key).isPresent(), "storage changes only when the relay runs");
        assertEquals(1L, f.registry.outbox().counts().get(OutboxState.PENDING));
        voyager.relayOutbox();
        assertTrue(f.storage.stat(key).isEmpty());
        voyager.releases().restore(staged.id());
        voyager.relayOutbox();
        assertTrue(f.storage.stat(key).isPresent());
        assertEquals(ReleaseState.STAGING, voyager.releases().get(staged.id()).state());
        assertEquals(6L, f.registry.outbox().counts().get(OutboxState.PROCESSED),
                "staging's trigger, the delete, the restore and the testers' trigger on restoring, and the chunk"
                        + " each trigger was split into");
    }

    @Test
    void ofTwoConcurrentTransitionsExactlyOneWins() throws Exception {
        for (int round = 0; round < 20; round++) {
            VoyagerFixture fresh = new VoyagerFixture();
            Release staged = fresh.staged("1.0." + round);
            Instant now = fresh.clock.instant();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                Release[] moves = {staged.promote(now), staged.revoke("pulled", now)};
                for (Release move : moves) {
                    results.add(pool.submit(() -> {
                        start.await();
                        try {
                            fresh.registry.catalog().commit(CatalogChange.builder().release(move).build());
                            return true;
                        } catch (ConcurrentUpdateException e) {
                            return false;
                        }
                    }));
                }
                start.countDown();
                int wins = 0;
                for (Future<Boolean> r : results) {
                    wins += r.get() ? 1 : 0;
                }
                assertEquals(1, wins, "round " + round);
                Release stored = fresh.registry.catalog().findRelease(staged.id()).orElseThrow();
                assertEquals(staged.revision() + 1, stored.revision());
                assertTrue(stored.state() == ReleaseState.PRODUCTION || stored.state() == ReleaseState.REVOKED);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aStaleWriteIsRefusedWithAnExplanation() {
        Release draft = f.draft("1.0.0");
        f.upload(draft, f.imageFor(draft));
        ConcurrentUpdateException e = assertThrows(ConcurrentUpdateException.class,
                () -> f.registry.catalog().commit(CatalogChange.builder().release(draft.delete(f.clock.instant()))
                        .build()));
        assertTrue(e.getMessage().contains("re-read it and retry"), e.getMessage());
    }

    @Test
    void unknownIdsAreNotFound() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> voyager.releases().stage("nope"));
        assertEquals("release 'nope' does not exist", e.getMessage());
        assertThrows(NotFoundException.class, () -> voyager.releases().create(
                ReleaseDraft.builder("ghost", Version.parse("1.0.0")).build()));
    }
}
