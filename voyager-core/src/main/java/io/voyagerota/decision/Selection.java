package io.voyagerota.decision;

import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseManifest;
import io.voyagerota.support.Checks;

import java.util.OptionalInt;

/**
 * The release chosen for one device, before it is minted into an {@link Offer}: everything an offer says except the
 * download link and its expiry. A trigger fan-out needs no more than this.
 *
 * @param manifest          what the release key signed, for the device to verify before downloading
 * @param minBatteryPercent the battery the release needs, when the device did not report its own
 * @param sequence          the catalog generation the choice was made from; it never goes backwards
 */
public record Selection(Offer.Kind kind, Release release, ReleaseManifest.Signed manifest,
                        OptionalInt minBatteryPercent, String deviceId, String model, long sequence)
        implements Choice {
    public Selection {
        Checks.notNull(kind, "kind");
        Checks.notNull(release, "release");
        Checks.notNull(manifest, "manifest");
        Checks.notNull(minBatteryPercent, "minBatteryPercent");
        Checks.notNull(deviceId, "deviceId");
        Checks.notNull(model, "model");
        if (release.artifact().isEmpty()) {
            throw new IllegalArgumentException("release " + release.version() + " has no artifact to offer");
        }
    }

    /** Whether the device must install it: a required release, or always for a rollback. */
    public boolean required() {
        return release.required() || kind == Offer.Kind.ROLLBACK;
    }
}
