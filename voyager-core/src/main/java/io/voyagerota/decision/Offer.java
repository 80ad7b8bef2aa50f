package io.voyagerota.decision;

import io.voyagerota.catalog.ArtifactKind;
import io.voyagerota.catalog.ArtifactPart;
import io.voyagerota.catalog.ReleaseManifest;
import io.voyagerota.support.Checks;
import io.voyagerota.version.Version;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/**
 * One release offered to one device. It is bound to the device and model, carries the release manifest the release
 * key signed, a sequence that never goes backwards (the catalog generation: a device refuses an offer older than the
 * last it acted on) and an expiry (a frozen offer stops working). The transport signs it with the offer key.
 *
 * @param kind        an upgrade, or a server-authorised rollback away from a revoked release
 * @param downloadUrl where to fetch the artifact until {@code expiresAt}
 * @param parts       for a bundle, the firmware and UI parts with their own sizes and hashes
 * @param manifest    what the release key signed, for the device to verify before downloading
 */
public record Offer(Kind kind, String releaseId, Version version, ArtifactKind artifactKind, String downloadUrl,
                    long size, String sha256, List<ArtifactPart> parts, ReleaseManifest.Signed manifest,
                    boolean required, int secureVersion, OptionalInt minBatteryPercent, String deviceId, String model,
                    long sequence, Instant expiresAt) implements UpdateDecision {
    /** Why the device is offered this release. */
    public enum Kind { UPGRADE, ROLLBACK }

    public Offer {
        Checks.notNull(kind, "kind");
        Checks.notNull(releaseId, "releaseId");
        Checks.notNull(version, "version");
        Checks.notNull(artifactKind, "artifactKind");
        Checks.notNull(downloadUrl, "downloadUrl");
        Checks.notNull(sha256, "sha256");
        parts = List.copyOf(Checks.noNulls(parts, "parts"));
        Checks.notNull(manifest, "manifest");
        Checks.notNull(minBatteryPercent, "minBatteryPercent");
        Checks.notNull(deviceId, "deviceId");
        Checks.notNull(model, "model");
        Checks.notNull(expiresAt, "expiresAt");
    }
}
