package io.voyagerota.jdbc;

import io.voyagerota.catalog.Artifact;
import io.voyagerota.catalog.ArtifactKind;
import io.voyagerota.catalog.ArtifactPart;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseDraft;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.catalog.ValidationReport;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.ReportMetrics;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutGuard;
import io.voyagerota.rollout.RolloutTarget;
import io.voyagerota.version.Version;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Domain values for the registry tests; instants are whole milliseconds. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    static final String PRODUCT = "locker";
    static final String SHA_A = "a".repeat(64);
    static final String SHA_B = "b".repeat(64);
    static final String SIGNATURE = "A".repeat(86) + "==";

    private Fixtures() {
    }

    static Product product(String id) {
        return Product.of(id, "Product " + id, new HardwareModel(id + "-s3", Chip.ESP32_S3),
                new HardwareModel(id + "-c3", Chip.ESP32_C3));
    }

    static Product signedProduct(String id) {
        return new Product(id, "Signed \u00e9 product", List.of(new HardwareModel("board rev.2_a", Chip.ESP32_C6)),
                4096, Optional.of("-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n"));
    }

    /** A new draft of {@link #PRODUCT}, not yet stored. */
    static Release draft(String version) {
        return draft(PRODUCT, version);
    }

    static Release draft(String product, String version) {
        return ReleaseDraft.builder(product, Version.parse(version)).build().toRelease(T0);
    }

    /** A release with every optional field set, as a staged bundle. */
    static Release full(String product, String version) {
        Release draft = ReleaseDraft.builder(product, Version.parse(version)).models(product + "-s3")
                .changelog("## Fixes\n- door sensor debounce \u2713 \uD83D\uDE80").required(true).minBatteryPercent(30)
                .requiresAtLeast(Version.parse("1.0.0-rc.1")).secureVersion(3).build().toRelease(T0);
        Artifact bundle = new Artifact(ArtifactKind.BUNDLE, "releases/" + product + "/" + version + ".bndl", 3000,
                SHA_A, List.of(new ArtifactPart("firmware", 12, 1000, SHA_B), new ArtifactPart("ui", 1012, 1988,
                SHA_A)));
        ValidationReport report = ValidationReport.of(List.of(new ValidationReport.Step("size", true, "3000 bytes"),
                new ValidationReport.Step("magic", true, "BNDL")), T0.plusMillis(7));
        return draft.withArtifact(bundle, report, Optional.of(new ReleaseSignature(
                ReleaseSignature.ECDSA_P256_SHA256, SIGNATURE)), T0.plusSeconds(1)).stage(T0.plusSeconds(2));
    }

    static Rollout rollout(Release release, RolloutTarget target) {
        return Rollout.create(release.id(), release.productId(), target, Optional.empty(), RolloutGuard.defaults(),
                T0);
    }

    static DeviceReport report(String id, String device, ReportStatus status, Instant at) {
        Version from = Version.parse("1.0.0");
        Version to = Version.parse("1.1.0");
        Version running = switch (status) {
            case SUCCESS -> to;
            default -> from;
        };
        Optional<String> code = status == ReportStatus.FAILED ? Optional.of("sha256-mismatch") : Optional.empty();
        Optional<String> message = status == ReportStatus.FAILED ? Optional.of("checksum differs") : Optional.empty();
        return new DeviceReport(id, device, PRODUCT, from, to, running, status, code, message, ReportMetrics.none(),
                at);
    }
}
