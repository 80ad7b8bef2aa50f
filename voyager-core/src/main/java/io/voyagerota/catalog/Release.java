package io.voyagerota.catalog;

import io.voyagerota.InvalidInputException;
import io.voyagerota.support.Checks;
import io.voyagerota.version.Version;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One version of a product's firmware and where it stands in its lifecycle. Immutable: every lifecycle method
 * returns the next value, checked against the rules; registries store it with optimistic {@link #revision()}.
 *
 * @param compatibleModels the product's model names this release may be installed on; empty means every model
 * @param artifact         the uploaded file, absent until uploaded
 * @param requiresAtLeast  stepping stone: devices older than this are offered an older release they may take first
 * @param secureVersion    the anti-rollback epoch from the image; never offered as a rollback below a higher one
 * @param revision         0 before it is first stored, then incremented by the registry on every write
 */
public record Release(String id, String productId, Version version, ReleaseState state, boolean deleted,
                      List<String> compatibleModels, Optional<Artifact> artifact, String changelog, boolean required,
                      OptionalInt minBatteryPercent, Optional<Version> requiresAtLeast, int secureVersion,
                      Optional<ReleaseSignature> signature, Optional<String> revocationReason,
                      ValidationReport validation, Instant createdAt, Instant updatedAt, long revision) {

    /** The longest changelog accepted, in characters. */
    public static final int MAX_CHANGELOG = 64 * 1024;

    public Release {
        Checks.notNull(id, "release id");
        Checks.notNull(productId, "product id");
        Checks.notNull(version, "version");
        Checks.notNull(state, "state");
        compatibleModels = List.copyOf(Checks.noNulls(compatibleModels, "compatibleModels"));
        Checks.notNull(artifact, "artifact");
        Checks.notNull(changelog, "changelog");
        if (changelog.length() > MAX_CHANGELOG) {
            throw new InvalidInputException("changelog has " + changelog.length() + " characters; at most "
                    + MAX_CHANGELOG + " are accepted");
        }
        Checks.notNull(minBatteryPercent, "minBatteryPercent");
        minBatteryPercent.ifPresent(p -> Checks.inRange(p, 0, 100, "minBatteryPercent"));
        Checks.notNull(requiresAtLeast, "requiresAtLeast");
        requiresAtLeast.ifPresent(stone -> {
            if (stone.compareTo(version) >= 0) {
                throw new InvalidInputException("requiresAtLeast " + stone + " must be older than the release "
                        + version + " itself");
            }
        });
        Checks.inRange(secureVersion, 0, Integer.MAX_VALUE, "secureVersion");
        Checks.notNull(signature, "signature");
        Checks.notNull(revocationReason, "revocationReason");
        Checks.notNull(validation, "validation");
        Checks.notNull(createdAt, "createdAt");
        Checks.notNull(updatedAt, "updatedAt");
        Checks.inRange(revision, 0, Long.MAX_VALUE, "revision");
    }

    /** Whether a device of this model may install the release. */
    public boolean fits(String modelName) {
        return compatibleModels.isEmpty() || compatibleModels.contains(modelName);
    }

    /** Attaches the uploaded artifact and its validation outcome; only while a draft. */
    public Release withArtifact(Artifact uploaded, ValidationReport report, Optional<ReleaseSignature> sig,
                                Instant now) {
        requireAcceptsArtifact();
        return new Release(id, productId, version, state, deleted, compatibleModels, Optional.of(uploaded),
                changelog, required, minBatteryPercent, requiresAtLeast, secureVersion, sig, revocationReason,
                report, createdAt, now, revision);
    }

    /** The same draft with the anti-rollback epoch read from its image. */
    public Release withSecureVersion(int epoch) {
        requireAcceptsArtifact();
        return new Release(id, productId, version, state, deleted, compatibleModels, artifact, changelog, required,
                minBatteryPercent, requiresAtLeast, epoch, signature, revocationReason, validation, createdAt,
                updatedAt, revision);
    }

    /** Fails unless an artifact may be uploaded now: only to a live draft. */
    public void requireAcceptsArtifact() {
        if (state != ReleaseState.DRAFT || deleted) {
            throw new IllegalTransitionException(this, "upload an artifact to",
                    "artifacts can be replaced only while the release is a draft; create a new release instead");
        }
    }

    /** Draft → Staging, which needs an artifact whose validation passed. */
    public Release stage(Instant now) {
        requireLive("stage");
        if (state != ReleaseState.DRAFT) {
            throw new IllegalTransitionException(this, "stage", "only a draft can be staged");
        }
        if (artifact.isEmpty()) {
            throw new IllegalTransitionException(this, "stage", "no artifact has been uploaded");
        }
        if (!validation.passed()) {
            throw new IllegalTransitionException(this, "stage", "its validation has not passed ("
                    + validation.failures() + "); upload a valid artifact");
        }
        return withState(ReleaseState.STAGING, Optional.empty(), now);
    }

    /** Staging → Production. */
    public Release promote(Instant now) {
        requireLive("promote");
        if (state != ReleaseState.STAGING) {
            throw new IllegalTransitionException(this, "promote", state == ReleaseState.DRAFT
                    ? "stage it first so testers see it before the fleet does"
                    : "only a staging release can be promoted");
        }
        return withState(ReleaseState.PRODUCTION, Optional.empty(), now);
    }

    /** Staging or Production → Revoked, blocking the version with a reason. */
    public Release revoke(String reason, Instant now) {
        requireLive("revoke");
        Checks.notNull(reason, "revocation reason");
        if (reason.isBlank() || reason.length() > 1000) {
            throw new InvalidInputException("a revocation needs a reason of 1 to 1000 characters");
        }
        if (!state.canMoveTo(ReleaseState.REVOKED)) {
            throw new IllegalTransitionException(this, "revoke", state == ReleaseState.REVOKED
                    ? "it is already revoked" : "a draft was never offered; delete it instead");
        }
        return withState(ReleaseState.REVOKED, Optional.of(reason), now);
    }

    /** Soft-deletes the release; a production release must be revoked first so no device is left without one. */
    public Release delete(Instant now) {
        requireLive("delete");
        if (state == ReleaseState.PRODUCTION) {
            throw new IllegalTransitionException(this, "delete", "devices may be running it; revoke it first");
        }
        return copy(true, now);
    }

    /** Brings a deleted release back in the state it had. */
    public Release restore(Instant now) {
        if (!deleted) {
            throw new IllegalTransitionException(this, "restore", "it is not deleted");
        }
        return copy(false, now);
    }

    private void requireLive(String attempted) {
        if (deleted) {
            throw new IllegalTransitionException(this, attempted, "it is deleted; restore it first");
        }
    }

    private Release withState(ReleaseState next, Optional<String> reason, Instant now) {
        return new Release(id, productId, version, next, deleted, compatibleModels, artifact, changelog, required,
                minBatteryPercent, requiresAtLeast, secureVersion, signature, reason.or(() -> revocationReason),
                validation, createdAt, now, revision);
    }

    private Release copy(boolean isDeleted, Instant now) {
        return new Release(id, productId, version, state, isDeleted, compatibleModels, artifact, changelog, required,
                minBatteryPercent, requiresAtLeast, secureVersion, signature, revocationReason, validation, createdAt,
                now, revision);
    }

    /** The same release as stored at the given revision; for registries. */
    public Release atRevision(long storedRevision) {
        return new Release(id, productId, version, state, deleted, compatibleModels, artifact, changelog, required,
                minBatteryPercent, requiresAtLeast, secureVersion, signature, revocationReason, validation, createdAt,
                updatedAt, storedRevision);
    }
}
