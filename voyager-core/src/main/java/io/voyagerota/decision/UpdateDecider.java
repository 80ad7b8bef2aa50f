package io.voyagerota.decision;

import io.voyagerota.catalog.Release;
import io.voyagerota.decision.CatalogSnapshot.Candidate;
import io.voyagerota.decision.CatalogSnapshot.ModelView;
import io.voyagerota.decision.CatalogSnapshot.ProductView;
import io.voyagerota.support.Checks;

import java.time.Instant;
import java.util.OptionalInt;

/**
 * Chooses what a device should run from a {@link CatalogSnapshot}. Pure: no I/O, no locks, no shared state, and it
 * allocates only the {@link Selection} it returns (the commonest {@link NoUpdate}s are shared). {@link OfferMinter}
 * then makes an offer of a selection; a trigger fan-out needs only the selection.
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
    private final String testerTag;
    // The two most common answers are shared: a NoUpdate is immutable, and most checks end in one of them.
    private static final NoUpdate UP_TO_DATE = new NoUpdate(NoUpdate.Reason.UP_TO_DATE,
            "the device runs the newest release it may have");
    private static final NoUpdate NOT_IN_ROLLOUT = new NoUpdate(NoUpdate.Reason.NOT_IN_ROLLOUT,
            "newer releases exist but no rollout admits the device yet");

    /** @param testerTag devices with this tag also receive staging releases */
    public UpdateDecider(String testerTag) {
        this.testerTag = Checks.notNull(testerTag, "testerTag");
    }

    /** @param now when the check is made: rollouts admit devices by time */
    public Choice decide(CatalogSnapshot snapshot, DeviceCheck check, Instant now) {
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
            return select(c, Offer.Kind.UPGRADE, check, snapshot.generation());
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
                    return select(c, Offer.Kind.ROLLBACK, check, snapshot.generation());
                }
            }
            return new NoUpdate(NoUpdate.Reason.NO_ROLLBACK_TARGET, "release " + revoked.version() + " is revoked ("
                    + revoked.revocationReason().orElse("no reason") + ") and no production release below it with"
                    + " secure version >= " + revoked.secureVersion() + " fits model '" + check.model() + "'");
        }
        return newerExists ? NOT_IN_ROLLOUT : UP_TO_DATE;
    }

    private Choice select(Candidate c, Offer.Kind kind, DeviceCheck check, long sequence) {
        if (c.minBattery >= 0 && check.batteryPercent().isPresent()
                && check.batteryPercent().getAsInt() < c.minBattery) {
            return new NoUpdate(NoUpdate.Reason.BATTERY_TOO_LOW, c.version + " needs " + c.minBattery
                    + "% battery; the device has " + check.batteryPercent().getAsInt() + "%");
        }
        return new Selection(kind, c.release, c.manifest, c.minBattery >= 0 ? OptionalInt.of(c.minBattery)
                : OptionalInt.empty(), check.deviceId(), check.model(), sequence);
    }
}
