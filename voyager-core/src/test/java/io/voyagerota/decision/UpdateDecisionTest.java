package io.voyagerota.decision;

import io.voyagerota.Voyager;

import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.Release;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutSpec;
import io.voyagerota.rollout.RolloutTarget;
import io.voyagerota.testing.VoyagerFixture;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static io.voyagerota.testing.VoyagerFixture.C3;
import static io.voyagerota.testing.VoyagerFixture.PRODUCT;
import static io.voyagerota.testing.VoyagerFixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpdateDecisionTest {
    private final VoyagerFixture f = new VoyagerFixture();

    private UpdateDecision check(String device, String version) {
        return f.voyager.check(DeviceCheck.of(device, PRODUCT, S3, Version.parseLenient(version)));
    }

    private UpdateDecision check(DeviceCheck c) {
        return f.voyager.check(c);
    }

    private static NoUpdate.Reason reason(UpdateDecision d) {
        return assertInstanceOf(NoUpdate.class, d, () -> "expected no update but got " + d).reason();
    }

    private static Offer offer(UpdateDecision d) {
        return assertInstanceOf(Offer.class, d, () -> "expected an offer but got " + d);
    }

    @Test
    void unknownProductModelOrWrongChipGetNoUpdate() {
        f.production("1.0.0");
        assertEquals(NoUpdate.Reason.UNKNOWN_PRODUCT, reason(f.voyager.check(
                DeviceCheck.of("d", "ghost", S3, Version.parse("0.1.0")))));
        assertEquals(NoUpdate.Reason.UNKNOWN_MODEL, reason(f.voyager.check(
                DeviceCheck.of("d", PRODUCT, "locker-h2", Version.parse("0.1.0")))));
        NoUpdate chip = (NoUpdate) check(DeviceCheck.of("d", PRODUCT, S3, Version.parse("0.1.0")).withChip(Chip.ESP32_C3));
        assertEquals(NoUpdate.Reason.CHIP_MISMATCH, chip.reason());
        assertTrue(chip.detail().contains("esp32s3 but the device reports esp32c3"), chip.detail());
        offer(check(DeviceCheck.of("d", PRODUCT, S3, Version.parse("0.1.0")).withChip(Chip.ESP32_S3)));
    }

    @Test
    void theNewestReleaseIsOfferedWithEverythingTheDeviceNeeds() {
        f.production("1.0.0");
        Release newest = f.production("1.1.0", RolloutSpec.all(), b -> b.required(true).secureVersion(2));
        Offer o = offer(check("dev-1", "v1.0.0"));
        var artifact = newest.artifact().orElseThrow();
        assertEquals(Offer.Kind.UPGRADE, o.kind());
        assertEquals(newest.id(), o.releaseId());
        assertEquals(Version.parse("1.1.0"), o.version());
        assertEquals(artifact.size(), o.size());
        assertEquals(artifact.sha256(), o.sha256());
        assertTrue(o.downloadUrl().startsWith("/v1/artifacts/" + artifact.key() + "?expires="), o.downloadUrl());
        assertTrue(o.required());
        assertEquals(2, o.secureVersion());
        assertEquals("dev-1", o.deviceId());
        assertEquals(S3, o.model());
        Duration life = Duration.between(f.clock.instant(), o.expiresAt());
        assertTrue(life.compareTo(Duration.ofMinutes(4)) > 0 && life.compareTo(Duration.ofMinutes(5)) <= 0,
                "link lives between ttl - window and ttl: " + life);
        assertEquals(NoUpdate.Reason.UP_TO_DATE, reason(check("dev-1", "1.1.0")));
        assertEquals(NoUpdate.Reason.UP_TO_DATE, reason(check("dev-1", "1.2.0-dev")), "newer than anything known");
    }

    @Test
    void offerSequencesAreTheCatalogGenerationAndLinksAreSharedWithinAWindow() {
        f.production("1.0.0");
        Offer a = offer(check("a", "0.9.0"));
        Offer b = offer(check("b", "0.9.0"));
        assertEquals(f.voyager.registry().catalog().generation(), a.sequence(), "the catalog's generation");
        assertEquals(a.sequence(), b.sequence(), "checks do not move the sequence: a fan-out cannot run it ahead");
        f.production("1.0.1");
        assertTrue(offer(check("a", "0.9.0")).sequence() > a.sequence(), "a catalog change moves it forward");
        assertEquals(a.downloadUrl(), b.downloadUrl(), "one link per artifact per window");
        f.clock.advance(Duration.ofMinutes(1));
        Offer c = offer(check("c", "0.9.0"));
        assertFalse(c.downloadUrl().equals(a.downloadUrl()), "a new window issues a new link");
        assertTrue(c.expiresAt().isAfter(a.expiresAt()));
    }

    @Test
    void aRestartedNodeOnTheSameRegistryNeverOffersALowerSequence() {
        f.production("1.0.0");
        long before = offer(check("a", "0.9.0")).sequence();
        try (Voyager restarted = Voyager.builder().registry(f.registry).artifactStorage(f.storage).clock(f.clock)
                .build()) {
            Offer again = (Offer) restarted.check(DeviceCheck.of("a", PRODUCT, S3, Version.parse("0.9.0")));
            assertTrue(again.sequence() >= before, again.sequence() + " after a restart, " + before + " before");
        }
    }

    @Test
    @Tag("security")
    void aReleaseBelowTheDevicesSecureVersionIsNeverOffered() {
        f.production("1.0.0", RolloutSpec.all(), b -> b.secureVersion(1));
        f.production("1.1.0", RolloutSpec.all(), b -> b.secureVersion(1));
        DeviceCheck burnt = DeviceCheck.of("d", PRODUCT, S3, Version.parse("0.9.0")).withSecureVersion(2);
        assertEquals(NoUpdate.Reason.UP_TO_DATE, reason(check(burnt)), "its eFuse epoch would refuse both, for good");
        assertEquals(Version.parse("1.1.0"), offer(check(burnt.withSecureVersion(1))).version());
        f.production("1.2.0", RolloutSpec.all(), b -> b.secureVersion(2));
        assertEquals(Version.parse("1.2.0"), offer(check(burnt)).version());
    }

    @Test
    void stagingGoesOnlyToTesters() {
        f.production("1.0.0");
        f.staged("1.1.0");
        assertEquals(NoUpdate.Reason.NOT_IN_ROLLOUT, reason(check("d", "1.0.0")));
        assertEquals(Version.parse("1.0.0"), offer(check("d", "0.9.0")).version(), "the fleet gets production");
        assertEquals(Version.parse("1.1.0"),
                offer(check(DeviceCheck.of("t", PRODUCT, S3, Version.parse("1.0.0")).withTags("tester"))).version());
    }

    @Test
    void aPercentageRolloutOffersAStableShareThatWideningKeeps() {
        f.production("1.0.0");
        Release r = f.production("1.1.0", RolloutSpec.percent(50));
        Set<String> firstPass = admitted();
        assertTrue(firstPass.size() > 400 && firstPass.size() < 600, "about half of 1000: " + firstPass.size());
        assertEquals(firstPass, admitted(), "the same half on a second pass");
        Rollout rollout = f.voyager.rollouts().ofRelease(r.id());
        f.voyager.rollouts().widen(rollout.id(), RolloutTarget.percent(80));
        Set<String> widened = admitted();
        assertTrue(widened.containsAll(firstPass), "widening keeps every device already in");
        assertTrue(widened.size() > 700 && widened.size() < 900, "about 80%: " + widened.size());
    }

    private Set<String> admitted() {
        Set<String> in = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            if (check("dev-" + i, "1.0.0").isOffer()) {
                in.add("dev-" + i);
            }
        }
        return in;
    }

    @Test
    void devicesOutsideTheNewestRolloutGetTheNewestReleaseThatAdmitsThem() {
        f.production("1.0.0");
        Release newest = f.production("1.1.0", RolloutSpec.to(RolloutTarget.devices("lucky")));
        assertEquals(Version.parse("1.1.0"), offer(check("lucky", "0.5.0")).version());
        assertEquals(Version.parse("1.0.0"), offer(check("other", "0.5.0")).version());
        assertEquals(NoUpdate.Reason.NOT_IN_ROLLOUT, reason(check("other", "1.0.0")));
        f.voyager.rollouts().pause(f.voyager.rollouts().ofRelease(newest.id()).id(), "investigating");
        assertEquals(Version.parse("1.0.0"), offer(check("lucky", "0.5.0")).version(), "paused offers nothing new");
    }

    @Test
    void tagRolloutsAdmitTaggedDevices() {
        f.production("1.0.0", RolloutSpec.to(RolloutTarget.tags("beta", "vip")));
        offer(check(DeviceCheck.of("d", PRODUCT, S3, Version.parse("0.1.0")).withTags("vip")));
        assertEquals(NoUpdate.Reason.NOT_IN_ROLLOUT, reason(check("d", "0.1.0")));
    }

    @Test
    void aScheduledRolloutStartsAtItsTime() {
        f.production("1.0.0", RolloutSpec.all().startingAt(f.clock.instant().plus(Duration.ofHours(2))));
        assertEquals(NoUpdate.Reason.NOT_IN_ROLLOUT, reason(check("d", "0.1.0")));
        f.clock.advance(Duration.ofHours(2));
        offer(check("d", "0.1.0"));
    }

    @Test
    void steppingStonesAreTakenFirst() {
        f.production("1.0.0");
        f.production("2.0.0");
        f.production("3.0.0", RolloutSpec.all(), b -> b.requiresAtLeast(Version.parse("2.0.0")));
        assertEquals(Version.parse("2.0.0"), offer(check("d", "1.0.0")).version(), "must pass through 2.0.0");
        assertEquals(Version.parse("3.0.0"), offer(check("d", "2.0.0")).version());
        assertEquals(Version.parse("3.0.0"), offer(check("d", "2.5.0")).version());
    }

    @Test
    void modelCompatibilityIsRespected() {
        f.production("1.0.0");
        f.production("1.1.0", RolloutSpec.all(), b -> b.models(C3));
        assertEquals(Version.parse("1.0.0"), offer(check("s3", "0.1.0")).version());
        assertEquals(Version.parse("1.1.0"),
                offer(f.voyager.check(DeviceCheck.of("c3", PRODUCT, C3, Version.parse("0.1.0")))).version());
    }

    @Test
    void lowBatteryPostponesTheUpdate() {
        f.production("1.0.0", RolloutSpec.all(), b -> b.minBatteryPercent(30));
        NoUpdate low = (NoUpdate) check(DeviceCheck.of("d", PRODUCT, S3, Version.parse("0.1.0")).withBattery(20));
        assertEquals(NoUpdate.Reason.BATTERY_TOO_LOW, low.reason());
        assertTrue(low.detail().contains("needs 30% battery; the device has 20%"), low.detail());
        offer(check(DeviceCheck.of("d", PRODUCT, S3, Version.parse("0.1.0")).withBattery(30)));
        Offer unknown = offer(check("d", "0.1.0"));
        assertEquals(30, unknown.minBatteryPercent().getAsInt(), "the device checks it when it knows");
    }

    @Test
    void devicesOnARevokedReleaseAreRolledBackToTheNewestGoodOne() {
        f.production("1.0.0", RolloutSpec.all(), b -> b.secureVersion(1));
        f.production("1.1.0", RolloutSpec.all(), b -> b.secureVersion(1));
        f.production("1.2.0", RolloutSpec.all(), b -> b.secureVersion(2)); // a good release with a higher epoch
        Release bad = f.production("1.3.0", RolloutSpec.all(), b -> b.secureVersion(2));
        f.voyager.releases().revoke(bad.id(), "Boot loop after OTA");
        Offer back = offer(check("d", "1.3.0"));
        assertEquals(Offer.Kind.ROLLBACK, back.kind());
        assertEquals(Version.parse("1.2.0"), back.version());
        assertTrue(back.required(), "a rollback is not optional");
        assertEquals(NoUpdate.Reason.UP_TO_DATE, reason(check("e", "1.2.0")), "nobody is offered the revoked one");
    }

    @Test
    void rollbackNeverGoesBelowTheRevokedSecureVersion() {
        f.production("1.0.0", RolloutSpec.all(), b -> b.secureVersion(1));
        Release bad = f.production("1.1.0", RolloutSpec.all(), b -> b.secureVersion(2));
        f.voyager.releases().revoke(bad.id(), "bricks displays");
        NoUpdate none = (NoUpdate) check("d", "1.1.0");
        assertEquals(NoUpdate.Reason.NO_ROLLBACK_TARGET, none.reason());
        assertTrue(none.detail().contains("secure version >= 2"), none.detail());
    }

    @Test
    void aRevokedReleaseWithAGoodSuccessorRollsForward() {
        f.production("1.0.0");
        Release bad = f.production("1.1.0");
        f.production("1.1.1");
        f.voyager.releases().revoke(bad.id(), "bad");
        Offer o = offer(check("d", "1.1.0"));
        assertEquals(Offer.Kind.UPGRADE, o.kind());
        assertEquals(Version.parse("1.1.1"), o.version());
    }

    @Test
    void testersOnARevokedStagingReleaseFallBackToProduction() {
        f.production("1.0.0");
        Release beta = f.staged("1.1.0-beta.1");
        f.voyager.releases().revoke(beta.id(), "crashes");
        Offer o = offer(check(DeviceCheck.of("t", PRODUCT, S3, Version.parse("1.1.0-beta.1")).withTags("tester")));
        assertEquals(Offer.Kind.ROLLBACK, o.kind());
        assertEquals(Version.parse("1.0.0"), o.version());
    }

    @Test
    void deletedAndDraftReleasesAreNeverOffered() {
        f.production("1.0.0");
        f.draft("1.1.0");
        assertEquals(NoUpdate.Reason.UP_TO_DATE, reason(check("d", "1.0.0")));
        VoyagerFixture g = new VoyagerFixture();
        Release staged = g.staged("2.0.0");
        g.voyager.releases().delete(staged.id());
        assertEquals(NoUpdate.Reason.UP_TO_DATE, reason(g.voyager.check(
                DeviceCheck.of("t", PRODUCT, S3, Version.parse("1.0.0")).withTags("tester"))));
    }
}
