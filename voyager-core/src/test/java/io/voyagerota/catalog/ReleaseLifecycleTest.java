package io.voyagerota.catalog;

import io.voyagerota.InvalidInputException;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReleaseLifecycleTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final String SHA = "ab".repeat(32);

    private static Release draft() {
        return ReleaseDraft.builder("locker", Version.parse("1.2.0")).build().toRelease(NOW);
    }

    private static Release validDraft() {
        return draft().withArtifact(Artifact.image("k", 10, SHA),
                ValidationReport.of(java.util.List.of(new ValidationReport.Step("size", true, "ok")), NOW),
                Optional.empty(), NOW);
    }

    @Test
    void theOnlyLegalMovesAreDraftStagingProductionRevoked() {
        for (ReleaseState from : ReleaseState.values()) {
            for (ReleaseState to : ReleaseState.values()) {
                boolean legal = from == ReleaseState.DRAFT && to == ReleaseState.STAGING
                        || from == ReleaseState.STAGING && EnumSet.of(ReleaseState.PRODUCTION, ReleaseState.REVOKED).contains(to)
                        || from == ReleaseState.PRODUCTION && to == ReleaseState.REVOKED;
                assertEquals(legal, from.canMoveTo(to), from + " -> " + to);
            }
        }
    }

    @Test
    void walksTheWholeLifecycle() {
        Release staged = validDraft().stage(NOW);
        assertEquals(ReleaseState.STAGING, staged.state());
        Release prod = staged.promote(NOW);
        assertEquals(ReleaseState.PRODUCTION, prod.state());
        Release revoked = prod.revoke("boot loop after OTA", NOW);
        assertEquals(ReleaseState.REVOKED, revoked.state());
        assertEquals(Optional.of("boot loop after OTA"), revoked.revocationReason());
        Release deleted = revoked.delete(NOW);
        assertTrue(deleted.deleted());
        Release restored = deleted.restore(NOW);
        assertFalse(restored.deleted());
        assertEquals(ReleaseState.REVOKED, restored.state());
    }

    @Test
    void stagingNeedsAnArtifactThatPassedValidation() {
        IllegalTransitionException noArtifact = assertThrows(IllegalTransitionException.class,
                () -> draft().stage(NOW));
        assertTrue(noArtifact.getMessage().contains("no artifact has been uploaded"), noArtifact.getMessage());

        Release failed = draft().withArtifact(Artifact.image("k", 10, SHA),
                ValidationReport.of(java.util.List.of(new ValidationReport.Step("size-limit", false, "too big")), NOW),
                Optional.empty(), NOW);
        IllegalTransitionException e = assertThrows(IllegalTransitionException.class, () -> failed.stage(NOW));
        assertTrue(e.getMessage().contains("size-limit: too big"), e.getMessage());
        assertEquals("illegal-transition", e.code());
    }

    @Test
    void illegalMovesSayWhatToDoInstead() {
        Release draft = validDraft();
        assertTrue(assertThrows(IllegalTransitionException.class, () -> draft.promote(NOW)).getMessage()
                .contains("stage it first"));
        assertTrue(assertThrows(IllegalTransitionException.class, () -> draft.revoke("x", NOW)).getMessage()
                .contains("delete it instead"));
        Release prod = draft.stage(NOW).promote(NOW);
        assertTrue(assertThrows(IllegalTransitionException.class, () -> prod.delete(NOW)).getMessage()
                .contains("revoke it first"));
        assertTrue(assertThrows(IllegalTransitionException.class, () -> prod.stage(NOW)).getMessage()
                .contains("only a draft can be staged"));
        Release revoked = prod.revoke("bad", NOW);
        assertTrue(assertThrows(IllegalTransitionException.class, () -> revoked.revoke("again", NOW)).getMessage()
                .contains("already revoked"));
        assertThrows(IllegalTransitionException.class, () -> revoked.promote(NOW));
        Release deleted = draft.delete(NOW);
        assertTrue(assertThrows(IllegalTransitionException.class, () -> deleted.stage(NOW)).getMessage()
                .contains("restore it first"));
        assertThrows(IllegalTransitionException.class, () -> draft.restore(NOW));
        assertThrows(IllegalTransitionException.class, () -> prod.withArtifact(Artifact.image("k2", 1, SHA),
                ValidationReport.notRun(), Optional.empty(), NOW));
    }

    @Test
    void revocationNeedsAReason() {
        Release prod = validDraft().stage(NOW).promote(NOW);
        assertThrows(InvalidInputException.class, () -> prod.revoke(" ", NOW));
    }

    @Test
    void fieldsAreValidatedWithMessagesNamingThem() {
        InvalidInputException stone = assertThrows(InvalidInputException.class, () -> ReleaseDraft
                .builder("locker", Version.parse("1.2.0")).requiresAtLeast(Version.parse("1.2.0")).build()
                .toRelease(NOW));
        assertTrue(stone.getMessage().contains("requiresAtLeast 1.2.0 must be older"), stone.getMessage());
        InvalidInputException battery = assertThrows(InvalidInputException.class, () -> ReleaseDraft
                .builder("locker", Version.parse("1.2.0")).minBatteryPercent(101).build().toRelease(NOW));
        assertTrue(battery.getMessage().contains("minBatteryPercent"), battery.getMessage());
        assertThrows(InvalidInputException.class, () -> ReleaseDraft.builder("locker", Version.parse("1.2.0"))
                .secureVersion(-1).build().toRelease(NOW));
        assertThrows(InvalidInputException.class, () -> Product.of("Bad Id", "x",
                new HardwareModel("m", Chip.ESP32)));
        assertThrows(InvalidInputException.class, () -> Product.of("p", "x",
                new HardwareModel("m", Chip.ESP32), new HardwareModel("m", Chip.ESP32_S3)));
    }

    @Test
    void chipsParseTheSpellingsPeopleUse() {
        assertEquals(Optional.of(Chip.ESP32_S3), Chip.parse("esp32s3"));
        assertEquals(Optional.of(Chip.ESP32_S3), Chip.parse("ESP32-S3"));
        assertEquals(Optional.of(Chip.ESP32_C61), Chip.parse("esp32_c61"));
        assertEquals(Optional.of(Chip.ESP32_C5), Chip.fromImageChipId(23));
        assertEquals(Optional.empty(), Chip.fromImageChipId(1));
        assertEquals(Optional.empty(), Chip.parse("esp8266"));
    }
}
