package io.voyagerota.jdbc;

import io.voyagerota.Devices;
import io.voyagerota.Voyager;
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
import io.voyagerota.rollout.RolloutSpec;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.testing.MutableClock;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.testing.images.GeneratedFile;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;

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
        return Voyager.builder().registry(JdbcRegistry.builder(database.dataSource()).build())
                .artifactStorage(storage).clock(clock).build();
    }

    /** A draft with a valid generated ESP32-S3 application image uploaded. */
    private static Release uploaded(Voyager voyager, String version) throws IOException {
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
}
