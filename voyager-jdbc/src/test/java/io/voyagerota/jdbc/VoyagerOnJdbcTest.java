package io.voyagerota.jdbc;

import io.voyagerota.Devices;
import io.voyagerota.Voyager;
import io.voyagerota.auth.DeviceCredential;
import io.voyagerota.auth.Principal;
import io.voyagerota.auth.Secrets;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseDraft;
import io.voyagerota.catalog.ReleaseState;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.decision.Offer;
import io.voyagerota.decision.UpdateDecision;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.ReportMetrics;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.memory.InMemoryArtifactStorage;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.rollout.RolloutSpec;
import io.voyagerota.signing.SignedOffer;
import io.voyagerota.signing.SigningKey;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.testing.MutableClock;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.testing.images.GeneratedFile;
import io.voyagerota.version.Version;
import io.voyagerota.wire.OfferJson;
import io.voyagerota.wire.WireJson;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Voyager itself on the JDBC registry: the lifecycle, a device's check and report, and the classic dual write (a
 * deleted release's artifact is hidden through the outbox, never beside the transaction).
 */
abstract class VoyagerOnJdbcTest extends DatabaseTest {
    private final MutableClock clock = MutableClock.create();
    private final InMemoryArtifactStorage storage = new InMemoryArtifactStorage(clock);

    private Voyager node() {
        return node(SigningKey.generate());
    }

    private Voyager node(SigningKey offerKey) {
        return Voyager.builder().registry(JdbcRegistry.builder(database.dataSource()).build())
                .artifactStorage(storage).clock(clock).offerKey(offerKey).build();
    }

    /** A draft with a valid generated ESP32-S3 application image uploaded. */
    static Release uploaded(Voyager voyager, String version) throws IOException {
        Release draft = voyager.releases().create(ReleaseDraft.builder("locker", Version.parse(version)).build());
        GeneratedFile image = new Esp32ImageBuilder().chip(Chip.ESP32_S3).version(version).projectName("locker")
                .seed(version.hashCode()).build().file();
        try (InputStream in = image.open()) {
            return voyager.releases().upload(draft.id(), in, Optional.empty());
        }
    }

    @Test
    void voyagerRunsOnTheDatabaseAndItsOutboxKeepsStorageInStep() throws IOException {
        Voyager voyager = node();
        voyager.products().create(Product.of("locker", "Smart locker", new HardwareModel("locker-s3",
                Chip.ESP32_S3)));
        Release first = uploaded(voyager, "1.9.10");
        voyager.releases().stage(first.id());
        assertEquals(1, voyager.relayOutbox(), "staging's trigger event, for testers");
        voyager.releases().promote(first.id(), RolloutSpec.all());
        assertEquals(1, voyager.relayOutbox(), "the promotion's trigger event");

        UpdateDecision decision = voyager.check(DeviceCheck.of("24:0a:c4:12:34:56", "locker", "locker-s3",
                Version.parseLenient("v1.0.0")));
        assertEquals(Version.parse("1.9.10"), assertInstanceOf(Offer.class, decision).version());
        voyager.tick(); // writes the buffered sighting
        assertEquals(Optional.of("locker-s3"), registry.fleet().findDevice("24:0a:c4:12:34:56").orElseThrow()
                .model());

        DeviceReport success = new DeviceReport("report-1", "24:0a:c4:12:34:56", "locker", Version.parse("1.0.0"),
                Version.parse("1.9.10"), Version.parse("1.9.10"), ReportStatus.SUCCESS, Optional.empty(),
                Optional.empty(), ReportMetrics.none(), clock.instant());
        assertEquals(Devices.ReportOutcome.RECORDED, voyager.devices().report(success));
        assertEquals(Devices.ReportOutcome.DUPLICATE, voyager.devices().report(success));
        String rollout = voyager.rollouts().ofRelease(first.id()).id();
        assertEquals(1, voyager.rollouts().stats(rollout).successes());

        // Another node on the same database sees the catalog; a change it makes reaches the first node.
        Voyager other = node();
        Release second = uploaded(other, "1.10.2");
        ArtifactKey key = ArtifactKey.of(second.artifact().orElseThrow().key());
        voyager.tick();
        assertTrue(voyager.snapshot().findRelease("locker", Version.parse("1.10.2")).isPresent());

        // Deleting writes the release and an artifact.delete event in one transaction; the relay does the rest.
        other.releases().delete(second.id());
        assertTrue(storage.stat(key).isPresent(), "storage is untouched until the relay runs");
        assertEquals(1L, registry.outbox().counts().get(OutboxState.PENDING));
        clock.advance(Duration.ofSeconds(1));
        assertTrue(voyager.relayOutbox() >= 1, "any node may relay");
        assertEquals(Optional.empty(), storage.stat(key));
        other.releases().restore(second.id());
        voyager.relayOutbox();
        assertTrue(storage.stat(key).isPresent());
        assertEquals(0L, registry.outbox().counts().get(OutboxState.PENDING));
        assertEquals(0L, registry.outbox().counts().get(OutboxState.FAILED));
        assertEquals(ReleaseState.DRAFT, registry.catalog().findRelease(second.id()).orElseThrow().state());
        voyager.close();
        other.close();
    }

    @Test
    void credentialsAndTagsMadeOnOneNodeReachTheOtherAtItsTick() {
        Voyager a = node();
        Voyager b = node();
        DeviceCredential credential = a.devices().enrol("24:0a:c4:12:34:56");
        assertEquals(Set.of("tester"), a.devices().setTags("24:0a:c4:12:34:56", Set.of("Tester")));
        assertEquals(Set.of("tester"), a.devices().tags("24:0a:c4:12:34:56"), "at once on the writing node");
        assertTrue(a.authenticator().authenticateDevice("24:0a:c4:12:34:56", credential.secret()).isPresent());
        assertEquals(Set.of(), b.devices().tags("24:0a:c4:12:34:56"), "the other node reads memory only");
        assertEquals(List.of(Secrets.hash(credential.secret())),
                database.queryStrings("SELECT secret_hash FROM voyager_device_directory"), "only the hash is stored");

        b.tick();
        assertEquals(Set.of("tester"), b.devices().tags("24:0a:c4:12:34:56"));
        assertEquals(Optional.of(new Principal("24:0a:c4:12:34:56", Principal.Role.DEVICE)),
                b.authenticator().authenticateDevice("24:0a:c4:12:34:56", credential.secret()));

        DeviceCredential renewed = b.devices().enrol("24:0a:c4:12:34:56");
        a.tick();
        assertEquals(Optional.empty(), a.authenticator().authenticateDevice("24:0a:c4:12:34:56",
                credential.secret()), "the old secret stops working");
        assertTrue(a.authenticator().authenticateDevice("24:0a:c4:12:34:56", renewed.secret()).isPresent());
        assertTrue(a.devices().revokeCredential("24:0a:c4:12:34:56"));
        b.tick();
        assertEquals(Optional.empty(), b.authenticator().authenticateDevice("24:0a:c4:12:34:56",
                renewed.secret()));
        assertEquals(Set.of("tester"), node().devices().tags("24:0a:c4:12:34:56"), "a new node loads at start");
        assertEquals(List.of("tester"), database.queryStrings("SELECT tags FROM voyager_device_directory"
                + " WHERE secret_hash IS NULL"), "revoked, tags kept");
        a.close();
        b.close();
    }

    @Test
    @Tag("security")
    void offersFromARestartedNodeAndFromASecondNodeNeverGoBackAndVerifyWithTheSharedKey() throws IOException {
        SigningKey offerKey = SigningKey.generate();
        Voyager a = node(offerKey);
        a.products().create(Product.of("locker", "Smart locker", new HardwareModel("locker-s3", Chip.ESP32_S3)));
        Release first = uploaded(a, "1.0.0");
        a.releases().stage(first.id());
        a.releases().promote(first.id(), RolloutSpec.all());
        Voyager b = node(offerKey);
        DeviceCheck check = DeviceCheck.of("24:0a:c4:12:34:56", "locker", "locker-s3", Version.parse("0.9.0"));

        long highest = 0;
        List<Voyager> alternate = List.of(a, b, a, b);
        for (int round = 0; round < 4; round++) {
            Voyager node = alternate.get(round);
            node.tick();
            Offer offer = assertInstanceOf(Offer.class, node.check(check));
            assertTrue(offer.sequence() >= highest, "round " + round + ": " + offer.sequence() + " < " + highest);
            highest = offer.sequence();
            byte[] body = OfferJson.toBytes(WireJson.defaults(), offer);
            SignedOffer signed = node.offerSigner().sign(offer.deviceId(), body, body.length);
            assertTrue(offerKey.verifyingKey().verify(body, new ReleaseSignature(ReleaseSignature.ECDSA_P256_SHA256,
                    signed.signatureBase64())), "one key on every node");
            if (round == 1) {
                Release second = uploaded(b, "1.1.0"); // a change on the other node moves the sequence on
                b.releases().stage(second.id());
                b.releases().promote(second.id(), RolloutSpec.all());
            }
        }
        a.close();
        Voyager restarted = node(offerKey);
        Offer afterRestart = assertInstanceOf(Offer.class, restarted.check(check));
        assertEquals(highest, afterRestart.sequence(), "a restart does not move the sequence back");
        assertEquals(Version.parse("1.1.0"), afterRestart.version());
        restarted.close();
        b.close();
    }
}
