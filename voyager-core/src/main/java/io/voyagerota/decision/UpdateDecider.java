package io.voyagerota.decision;

import io.voyagerota.catalog.Artifact;
import io.voyagerota.catalog.Release;
import io.voyagerota.decision.CatalogSnapshot.Candidate;
import io.voyagerota.decision.CatalogSnapshot.IssuedLink;
import io.voyagerota.decision.CatalogSnapshot.ModelView;
import io.voyagerota.decision.CatalogSnapshot.ProductView;
import io.voyagerota.internal.Checks;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.DownloadLinkIssuer;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * Answers update checks from a {@link CatalogSnapshot}. No I/O and no locks: it reads the snapshot and issues a
 * download link, which is cached per artifact for one expiry window so that signing is not paid on every offer.
 *
 * <p>Rules, in order: the product and model must be known and the chip must match the model; the newest release
 * above the device's version is offered when it is in production and its rollout admits the device (or in staging
 * and the device is a tester), and the device has reached its stepping stone, if any; otherwise older releases
 * above the device's version are tried the same way. A device running a revoked release that has nothing newer to
 * take is offered the newest production release below it whose secure version is not lower (a rollback).
 * Battery: an offer that needs more battery than the device reports becomes "no update, battery too low". A release
 * whose secure version is below the device's is never offered. An offer's sequence is the snapshot's catalog
 * generation, which grows with every catalog change on any node and survives restarts, so it never goes backwards.
 */
public final class UpdateDecider {
    private final DownloadLinkIssuer links;
    private final String testerTag;
    private final long linkTtlSeconds;
    private final long linkWindowSeconds;
    // The two most common answers are shared: a NoUpdate is immutable, and most checks end in one of them.
    private static final NoUpdate UP_TO_DATE = new NoUpdate(NoUpdate.Reason.UP_TO_DATE,
            "the device runs the newest release it may have");
    private static final NoUpdate NOT_IN_ROLLOUT = new NoUpdate(NoUpdate.Reason.NOT_IN_ROLLOUT,
            "newer releases exist but no rollout admits the device yet");

    /**
     * @param testerTag  devices with this tag also receive staging releases
     * @param linkTtl    how long a download link lives at most
     * @param linkWindow links are reissued at most once per window, so a link lives between
     *                   {@code linkTtl - linkWindow} and {@code linkTtl}
     */
    public UpdateDecider(DownloadLinkIssuer links, String testerTag, Duration linkTtl, Duration linkWindow) {
        this.links = Checks.notNull(links, "links");
        this.testerTag = Checks.notNull(testerTag, "testerTag");
        this.linkTtlSeconds = Checks.inRange(linkTtl.toSeconds(), 1, Duration.ofDays(7).toSeconds(), "linkTtl seconds");
        this.linkWindowSeconds = Checks.inRange(linkWindow.toSeconds(), 1, linkTtlSeconds, "linkWindow seconds");
    }

    public UpdateDecision decide(CatalogSnapshot snapshot, DeviceCheck check, Instant now) {
        ProductView product = snapshot.product(check.productId());
        if (product == null) {
            return new NoUpdate(NoUpdate.Reason.UNKNOWN_PRODUCT, "product '" + check.productId() + "' is not known");
        }
        ModelView model = product.models.get(check.model());
        if (model == null) {
            return new NoUpdate(NoUpdate.Reason.UNKNOWN_MODEL, "product '" + check.productId() + "' has no model '"
                    + check.model() + "'");
        }
        if (check.chip().isPresent() && check.chip().get() != model.model().chip()) {
            return new NoUpdate(NoUpdate.Reason.CHIP_MISMATCH, "model '" + check.model() + "' is an "
                    + model.model().chip().wireName() + " but the device reports " + check.chip().get().wireName());
        }
        Candidate[] candidates = model.candidates();
        boolean tester = check.tags().contains(testerTag);
        boolean newerExists = false;
        int i = 0;
        for (; i < candidates.length; i++) {
            Candidate c = candidates[i];
            if (c.version.compareTo(check.currentVersion()) <= 0) {
                break;
            }
            if (c.release.secureVersion() < check.secureVersion()) {
                continue; // the device's eFuse epoch is higher: it would refuse the image, now and later
            }
            newerExists = true;
            if (c.staging ? !tester : c.rollout != null && !c.rollout.admits(check.deviceId(), check.tags(), now, c.saltState)) {
                continue;
            }
            if (c.steppingStone != null && check.currentVersion().compareTo(c.steppingStone) < 0) {
                continue;
            }
            return offer(c, Offer.Kind.UPGRADE, check, snapshot.generation(), now);
        }
        Release revoked = product.revoked.get(check.currentVersion());
        if (revoked != null) {
            for (; i < candidates.length; i++) {
                Candidate c = candidates[i];
                // A rollback target is a production release of this model below the device's version, at or above
                // both epochs, whose stepping stone the device has passed; its rollout does not matter.
                if (!c.staging && c.version.compareTo(check.currentVersion()) < 0
                        && c.release.secureVersion() >= Math.max(revoked.secureVersion(), check.secureVersion())
                        && (c.steppingStone == null || check.currentVersion().compareTo(c.steppingStone) >= 0)) {
                    return offer(c, Offer.Kind.ROLLBACK, check, snapshot.generation(), now);
                }
            }
            return new NoUpdate(NoUpdate.Reason.NO_ROLLBACK_TARGET, "release " + revoked.version() + " is revoked ("
                    + revoked.revocationReason().orElse("no reason") + ") and no production release below it with"
                    + " secure version >= " + revoked.secureVersion() + " fits model '" + check.model() + "'");
        }
        return newerExists ? NOT_IN_ROLLOUT : UP_TO_DATE;
    }

    private UpdateDecision offer(Candidate c, Offer.Kind kind, DeviceCheck check, long sequence, Instant now) {
        Release r = c.release;
        if (c.minBattery >= 0 && check.batteryPercent().isPresent()
                && check.batteryPercent().getAsInt() < c.minBattery) {
            return new NoUpdate(NoUpdate.Reason.BATTERY_TOO_LOW, r.version() + " needs " + c.minBattery
                    + "% battery; the device has " + check.batteryPercent().getAsInt() + "%");
        }
        Artifact artifact = r.artifact().orElseThrow();
        IssuedLink link = linkFor(c, artifact, now);
        return new Offer(kind, r.id(), r.version(), artifact.kind(), link.url(), artifact.size(), artifact.sha256(),
                artifact.parts(), c.manifest, r.required() || kind == Offer.Kind.ROLLBACK, r.secureVersion(),
                c.minBattery >= 0 ? OptionalInt.of(c.minBattery) : OptionalInt.empty(), check.deviceId(),
                check.model(), sequence, Instant.ofEpochSecond(link.expiresEpochSecond()));
    }

    private IssuedLink linkFor(Candidate c, Artifact artifact, Instant now) {
        long windowStart = Math.floorDiv(now.getEpochSecond(), linkWindowSeconds) * linkWindowSeconds;
        long expires = windowStart + linkTtlSeconds;
        IssuedLink cached = c.link;
        if (cached != null && cached.expiresEpochSecond() == expires) {
            return cached;
        }
        IssuedLink fresh = new IssuedLink(expires, links.link(ArtifactKey.of(artifact.key()),
                Instant.ofEpochSecond(expires)));
        c.link = fresh;
        return fresh;
    }
}
