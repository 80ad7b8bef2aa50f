package io.voyagerota.testkit;

import io.voyagerota.catalog.Artifact;
import io.voyagerota.catalog.ArtifactKind;
import io.voyagerota.catalog.ArtifactPart;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseDraft;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.catalog.ReleaseState;
import io.voyagerota.catalog.ValidationReport;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.ReportMetrics;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutGuard;
import io.voyagerota.rollout.RolloutPlan;
import io.voyagerota.rollout.RolloutState;
import io.voyagerota.rollout.RolloutTarget;
import io.voyagerota.spi.CatalogChange;
import io.voyagerota.spi.CatalogRegistry;
import io.voyagerota.version.Version;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Values and assertions shared by the registry kits. Instants are whole milliseconds because databases may keep
 * only microseconds; records are compared by value, never by identity.
 */
final class RegistryFixtures {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00.123Z");
    static final String PRODUCT = "locker-controller";
    static final String MODEL = "LC-1 rev.B";

    private RegistryFixtures() {
    }

    static Product product(String id) {
        return Product.of(id, "Locker controller", new HardwareModel(MODEL, Chip.ESP32_S3));
    }

    /** Every chip, in an order no database would produce by sorting, a large size limit and a multi-line key. */
    static Product maximalProduct(String id) {
        List<HardwareModel> models = new ArrayList<>();
        Chip[] chips = Chip.values();
        for (int i = chips.length - 1; i >= 0; i--) {
            models.add(new HardwareModel("Board " + chips[i].wireName() + (i % 2 == 0 ? " rev.B" : "_v2-x"),
                    chips[i]));
        }
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEq8b5+R3s0Yb4mQ9Hk2x7VJ1fG0dN\n"
                + "uY2Qx3j8mJ5T0oKc1pWf4R7nZ6bL2sA9eD3hK8vX1yC5tU0iO7qE4wM2gA==\n"
                + "-----END PUBLIC KEY-----\n";
        return new Product(id, "Schließfach-Steuerung — «Pro» 🔐", models, 8L * 1024 * 1024 * 1024 + 7,
                Optional.of(pem));
    }

    /** A new draft with a fresh id, not yet stored (revision 0). */
    static Release draft(String productId, String version) {
        return ReleaseDraft.builder(productId, Version.parse(version)).build().toRelease(T0);
    }

    /** The same release under another id. */
    static Release withId(Release r, String id) {
        return new Release(id, r.productId(), r.version(), r.state(), r.deleted(), r.compatibleModels(),
                r.artifact(), r.changelog(), r.required(), r.minBatteryPercent(), r.requiresAtLeast(),
                r.secureVersion(), r.signature(), r.revocationReason(), r.validation(), r.createdAt(),
                r.updatedAt(), r.revision());
    }

    /** A release with every optional field present and values that catch narrow or lossy columns. */
    static Release maximalRelease(String productId) {
        Version version = Version.parse("2.10.0-rc.2+build.77.sha-5114f85");
        ArtifactPart firmware = new ArtifactPart("firmware", 0, 1_572_864, sha256('1'));
        ArtifactPart ui = new ArtifactPart("ui", 1_572_864, 2_097_153, sha256('2'));
        Artifact artifact = new Artifact(ArtifactKind.BUNDLE, productId + "/2.10.0-rc.2/bundle.bin",
                1_572_864 + 2_097_153, sha256('3'), List.of(firmware, ui));
        byte[] raw = new byte[64];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (i * 7 - 100);
        }
        ValidationReport validation = new ValidationReport(ValidationReport.Status.PASSED, List.of(
                new ValidationReport.Step("image-header", true, "ESP32-S3 image, 5 segments, «ok»"),
                new ValidationReport.Step("sha256", true, ""),
                new ValidationReport.Step("signature", true, "verified with the product key ✓")),
                Optional.of(T0.plusSeconds(5).plusMillis(1)));
        return new Release(UUID.randomUUID().toString(), productId, version, ReleaseState.REVOKED, false,
                List.of(MODEL, "Board.A", "board_rev-C"), Optional.of(artifact), changelog(), true,
                OptionalInt.of(0), // 0 is a value, not absence
                Optional.of(Version.parse("2.9.0-beta.1+stone.3")), Integer.MAX_VALUE,
                Optional.of(new ReleaseSignature(ReleaseSignature.ECDSA_P256_SHA256,
                        Base64.getEncoder().encodeToString(raw))),
                Optional.of("bricks boards with 4 MB flash — see «issue 123» 🧱"), validation, T0,
                T0.plus(Duration.ofDays(1)).plusMillis(7), 0);
    }

    /** Markdown with the characters that break naive storage: quotes, backslashes, CR LF, tabs, non-BMP. */
    static String changelog() {
        return "# 2.10.0-rc.2\n\n* **Fix**: `esp_ota_end()` \\ \"quoted\" 'single' 100% _done_\r\n"
                + "* Grüße, 日本語, Ελληνικά, combining e\u0301, emoji 🚀🔐\n\n| a | b |\n|---|---|\n\t| 1 | 2 |\n";
    }

    static String sha256(char digit) {
        return String.valueOf(digit).repeat(64);
    }

    static Rollout rollout(Release release, RolloutTarget target) {
        return Rollout.create(release.id(), release.productId(), target, Optional.empty(), RolloutGuard.defaults(),
                T0);
    }

    /** A paused staged rollout in its second stage, with a scheduled start and a non-default guard. */
    static Rollout maximalRollout(Release release) {
        RolloutPlan plan = new RolloutPlan(List.of(new RolloutPlan.Stage(1, Duration.ofMillis(1500)),
                new RolloutPlan.Stage(1000, Duration.ofHours(6)), new RolloutPlan.Stage(5000, Duration.ofDays(2)),
                new RolloutPlan.Stage(10_000, Duration.ZERO)), 0.975);
        RolloutGuard guard = new RolloutGuard(1.0 / 3, 25, 0.875, 7, Duration.ofMinutes(45).plusMillis(250));
        return new Rollout(UUID.randomUUID().toString(), release.id(), release.productId(),
                new RolloutTarget.Percentage(1000), Optional.of(plan), 1, T0.plusSeconds(3 * 3600).plusMillis(3),
                Optional.of(T0.plusSeconds(3600)), RolloutState.PAUSED,
                Optional.of("failure rate 34% ≥ 33% — paused automatically"), guard, "salt-ü-" + release.id(), T0,
                T0.plusSeconds(4 * 3600).plusMillis(9), 0);
    }

    /**
     * Products {@link #PRODUCT} and {@code other}, a release, and rollouts with the given ids: the fleet contract
     * does not ask for them, but a store whose fleet tables reference its catalog needs them.
     */
    static void catalogFor(CatalogRegistry catalog, String... rolloutIds) {
        catalog.insertProduct(product(PRODUCT));
        catalog.insertProduct(product("other"));
        Release release = insert(catalog, draft(PRODUCT, "1.1.0"));
        for (String id : rolloutIds) {
            insert(catalog, new Rollout(id, release.id(), PRODUCT, RolloutTarget.all(), Optional.empty(), 0, T0,
                    Optional.empty(), RolloutState.ACTIVE, Optional.empty(), RolloutGuard.defaults(), id, T0, T0, 0));
        }
    }

    static OutboxEvent event(String aggregateId) {
        return OutboxEvent.pending("artifact.delete", aggregateId,
                "{\"key\":\"" + aggregateId + "/app.bin\",\"note\":\"Grüße ✓ 🚀\"}", T0);
    }

    static DeviceReport report(String reportId, String deviceId, ReportStatus status, Optional<String> errorCode,
                               Instant at) {
        Version from = Version.parse("1.0.0");
        Version to = Version.parse("1.1.0+build.9");
        Version running = status == ReportStatus.SUCCESS ? to
                : status == ReportStatus.ROLLED_BACK ? from : Version.parse("1.0.0-rc.1+old");
        return new DeviceReport(reportId, deviceId, PRODUCT, from, to, running, status, errorCode,
                errorCode.map(code -> "échec: " + code + " — “retry later” 🔁"), metrics(status), at);
    }

    /** Full metrics for outcomes and none for progress, so both the present and the absent case round-trip. */
    private static ReportMetrics metrics(ReportStatus status) {
        if (!status.isOutcome()) {
            return ReportMetrics.none();
        }
        return new ReportMetrics(OptionalLong.of(15_001), OptionalLong.of(5_000_000_000L), OptionalLong.of(0),
                OptionalInt.of(0), OptionalInt.of(-127));
    }

    /** Commits {@code release} alone, read at its own revision, and returns it as now stored. */
    static Release insert(CatalogRegistry catalog, Release release) {
        catalog.commit(CatalogChange.builder().release(release).build());
        return release.atRevision(release.revision() + 1);
    }

    static Release update(CatalogRegistry catalog, Release release) {
        return insert(catalog, release);
    }

    static Rollout insert(CatalogRegistry catalog, Rollout rollout) {
        catalog.commit(CatalogChange.builder().rollout(rollout).build());
        return rollout.atRevision(rollout.revision() + 1);
    }

    static Rollout update(CatalogRegistry catalog, Rollout rollout) {
        return insert(catalog, rollout);
    }

    static Release stored(CatalogRegistry catalog, Release release) {
        return catalog.findRelease(release.id())
                .orElseThrow(() -> new AssertionError("release " + release.id() + " is not stored"));
    }

    static Rollout stored(CatalogRegistry catalog, Rollout rollout) {
        return catalog.findRollout(rollout.id())
                .orElseThrow(() -> new AssertionError("rollout " + rollout.id() + " is not stored"));
    }

    /**
     * Equal by value and by text: {@link Version#equals} ignores build metadata, and the record's text shows it,
     * so a store that drops {@code +build} fails here. Only for records without sets, whose text order varies.
     */
    static void assertIdentical(Object expected, Object actual, String what) {
        assertEquals(expected, actual, what);
        assertEquals(String.valueOf(expected), String.valueOf(actual), what + ": build metadata kept");
    }

    static List<String> versions(List<Release> releases) {
        return releases.stream().map(r -> r.version().toString()).toList();
    }
}
