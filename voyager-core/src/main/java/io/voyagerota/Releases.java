package io.voyagerota;

import io.voyagerota.catalog.Artifact;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.IllegalTransitionException;
import io.voyagerota.catalog.ReleaseDraft;
import io.voyagerota.catalog.ReleaseManifest;
import io.voyagerota.catalog.ReleaseState;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.catalog.ValidationReport;
import io.voyagerota.event.FirmwareUploaded;
import io.voyagerota.event.ReleaseTransitioned;
import io.voyagerota.internal.ArtifactEvents;
import io.voyagerota.support.Checks;
import io.voyagerota.internal.EventTypes;
import io.voyagerota.validation.SignatureStep;
import io.voyagerota.support.Payloads;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutSpec;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.CatalogChange;
import io.voyagerota.spi.StoredArtifact;
import io.voyagerota.validation.ValidationInput;
import io.voyagerota.validation.ValidationStep;
import io.voyagerota.artifact.ArtifactInspector;
import io.voyagerota.artifact.ArtifactReport;
import io.voyagerota.catalog.ArtifactKind;
import io.voyagerota.internal.InspectingInputStream;
import io.voyagerota.version.Version;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;

/**
 * The release lifecycle: create a draft, upload its artifact (validated as it is stored), stage, promote with a
 * rollout, revoke, delete and restore. Every change is one atomic registry commit, with the outbox events for
 * its side effects in the same commit, and the catalog snapshot is rebuilt right after.
 */
public final class Releases {
    private final Voyager voyager;
    private final List<ValidationStep> steps;

    Releases(Voyager voyager, List<ValidationStep> steps) {
        this.voyager = voyager;
        this.steps = List.copyOf(steps);
    }

    /** Creates a draft; its version must be newer than every existing release of the product. */
    public Release create(ReleaseDraft draft) {
        Product product = voyager.products().get(draft.productId());
        for (String model : draft.compatibleModels()) {
            if (product.model(model).isEmpty()) {
                throw new InvalidInputException("product '" + product.id() + "' has no model '" + model
                        + "'; its models are " + product.models().stream().map(m -> m.name()).toList());
            }
        }
        for (Release other : list(product.id())) {
            if (other.state() == ReleaseState.REVOKED && other.version().equals(draft.version())) {
                throw new ConflictException("version " + draft.version() + " of product '" + product.id()
                        + "' was revoked (" + other.revocationReason().orElse("no reason") + "); a revoked version"
                        + " stays blocked even when deleted, since devices may still run it: give the release a"
                        + " new version, such as the next patch version");
            }
        }
        Release release = draft.toRelease(voyager.now());
        voyager.commit(CatalogChange.builder().release(release).build(), List.of(new ReleaseTransitioned(
                release.id(), release.productId(), release.version().toString(), "none", "draft",
                release.createdAt())));
        return release.atRevision(1);
    }

    public Release get(String releaseId) {
        return voyager.registry().catalog().findRelease(releaseId)
                .orElseThrow(() -> new NotFoundException("release", releaseId));
    }

    /** Every release of a product, deleted ones included, oldest version first. */
    public List<Release> list(String productId) {
        voyager.products().get(productId);
        return voyager.registry().catalog().releases(productId);
    }

    /**
     * Streams the artifact into storage, computing its size and SHA-256 on the way, then runs the validation
     * pipeline and records the outcome on the draft. A draft's earlier artifact is purged through the outbox.
     */
    public Release upload(String releaseId, InputStream content, Optional<ReleaseSignature> signature)
            throws IOException {
        Release release = get(releaseId);
        Product product = voyager.products().get(release.productId());
        release.requireAcceptsArtifact(); // before a single byte is stored
        ArtifactKey key = ArtifactKey.of("products/" + product.id() + "/releases/" + release.version().toString()
                .replace('+', '_') + "/" + UUID.randomUUID() + ".bin");
        // One pass: the inspector sees every byte on its way into storage.
        ArtifactInspector inspector = new ArtifactInspector(product.maxArtifactBytes());
        StoredArtifact stored = voyager.storage().put(key, new InspectingInputStream(content, inspector),
                product.maxArtifactBytes());
        ArtifactReport inspection = inspector.finish();
        Instant now = voyager.now();
        Artifact artifact = new Artifact(inspection.kind().orElse(ArtifactKind.APP_IMAGE), key.value(),
                stored.size(), stored.sha256(), inspection.accepted() ? inspection.parts() : List.of());
        Release draft = release;
        if (draft.secureVersion() == 0) {
            // The image knows its anti-rollback epoch; a draft that did not say adopts it.
            int epoch = (int) Math.min(Integer.MAX_VALUE, inspection.descriptor().map(d -> d.secureVersion()).orElse(0L));
            draft = draft.withSecureVersion(epoch);
        }
        // Steps see the release as it will be stored, so the signature step checks the signature sent with this file.
        Release candidate = draft.withArtifact(artifact, ValidationReport.notRun(), signature, now);
        ValidationInput input = new ValidationInput(product, candidate, stored, inspection, voyager.storage());
        List<ValidationReport.Step> results = new ArrayList<>();
        for (ValidationStep step : steps) {
            results.addAll(step.check(input));
        }
        Release next = draft.withArtifact(artifact, ValidationReport.of(results, now), signature, now);
        CatalogChange.Builder change = CatalogChange.builder().release(next);
        release.artifact().ifPresent(old -> change.event(artifactEvent(EventTypes.ARTIFACT_PURGE, old.key(), now)));
        FirmwareUploaded uploaded = new FirmwareUploaded(next.id(), next.productId(), next.version().toString(),
                artifact.size(), artifact.sha256(), next.validation().passed(), now);
        try {
            voyager.commit(change.build(), List.of(uploaded));
        } catch (RuntimeException e) {
            voyager.storage().purge(key); // nobody references it; do not leave it behind
            throw e;
        }
        return next.atRevision(release.revision() + 1);
    }

    /**
     * Signs a draft after its upload: records a signature over the release's {@linkplain #manifest manifest} and
     * checks it the way the validation pipeline's signature step does, replacing that step's earlier verdict. A
     * signature that does not verify with the product's release key is refused and nothing changes.
     */
    public Release sign(String releaseId, ReleaseSignature signature) {
        Checks.notNull(signature, "signature");
        Release release = get(releaseId);
        Product product = voyager.products().get(release.productId());
        release.requireAcceptsArtifact();
        Artifact artifact = release.artifact().orElseThrow(() -> new IllegalTransitionException(release, "sign",
                "no artifact has been uploaded; upload it first, then sign its manifest"));
        if (product.releaseKeyPem().isEmpty()) {
            throw new InvalidInputException("product '" + product.id() + "' has no release key, so a signature"
                    + " cannot be checked; set the product's release key first");
        }
        Release candidate = release.withArtifact(artifact, release.validation(), Optional.of(signature),
                voyager.now());
        ValidationReport.Step verdict = new SignatureStep().check(product, candidate);
        if (!verdict.passed()) {
            throw new InvalidInputException(verdict.message());
        }
        List<ValidationReport.Step> steps = new ArrayList<>();
        for (ValidationReport.Step step : release.validation().steps()) {
            steps.add(step.name().equals(verdict.name()) ? verdict : step);
        }
        if (steps.stream().noneMatch(step -> step.name().equals(verdict.name()))) {
            steps.add(verdict);
        }
        Instant now = voyager.now();
        Release next = release.withArtifact(artifact, ValidationReport.of(steps, now), Optional.of(signature), now);
        voyager.commit(CatalogChange.builder().release(next).build());
        return next.atRevision(release.revision() + 1);
    }

    /** The manifest the release key signs for a release that has its artifact (docs/signing.md). */
    public ReleaseManifest manifest(String releaseId) {
        Release release = get(releaseId);
        return ReleaseManifest.of(voyager.products().get(release.productId()), release);
    }

    /**
     * Draft → Staging: testers are offered it, and those the fleet knows are nudged. Needs a passed validation, and a secure version no lower than that
     * of any older release of the product that reached production: devices that took that one have burnt its epoch
     * into eFuse and would refuse this release on every check.
     */
    public Release stage(String releaseId) {
        Release release = get(releaseId);
        for (Release other : list(release.productId())) {
            // a revoked release may have been in production: its epoch may be burnt into devices too
            boolean reachedProduction = other.state() == ReleaseState.PRODUCTION
                    || other.state() == ReleaseState.REVOKED;
            if (reachedProduction && other.version().compareTo(release.version()) < 0
                    && other.secureVersion() > release.secureVersion()) {
                throw new IllegalTransitionException(release, "stage", "its secure version "
                        + release.secureVersion() + " is below " + other.secureVersion() + " of release "
                        + other.version() + ", which devices may already run; build it with secure_version >= "
                        + other.secureVersion());
            }
        }
        Instant now = voyager.now();
        Release next = release.stage(now);
        return transition(release, next, CatalogChange.builder().release(next)
                .event(triggerEvent(release.productId(), "release " + release.version() + " staged for testers", now)),
                "staging");
    }

    /** Staging → Production with a rollout that decides which devices are offered it. */
    public Release promote(String releaseId, RolloutSpec spec) {
        Release release = get(releaseId);
        Instant now = voyager.now();
        Release next = release.promote(now);
        Rollout rollout = spec.toRollout(release.id(), release.productId(), voyager.config().defaultGuard(), now);
        CatalogChange.Builder change = CatalogChange.builder().release(next).rollout(rollout)
                .event(triggerEvent(release.productId(), "release " + release.version() + " promoted", now));
        rollout.startAt().filter(start -> start.isAfter(now)).ifPresent(start -> change.event(startTrigger(
                rollout, "rollout " + rollout.id() + " of release " + release.version() + " starts", start, now)));
        return transition(release, next, change, "production");
    }

    /**
     * Blocks a release with a reason. Devices running it are offered the newest good release below it (or a newer
     * one they may take), and are nudged to check now.
     */
    public Release revoke(String releaseId, String reason) {
        Release release = get(releaseId);
        Instant now = voyager.now();
        Release next = release.revoke(reason, now);
        return transition(release, next, CatalogChange.builder().release(next)
                .event(triggerEvent(release.productId(), "release " + release.version() + " revoked: " + reason,
                        now)), "revoked");
    }

    /**
     * Soft-deletes a release; its artifact is hidden through the outbox, so database and storage agree. A revoked
     * release stays blocked and keeps its rollback: a revocation is permanent.
     */
    public Release delete(String releaseId) {
        Release release = get(releaseId);
        Instant now = voyager.now();
        Release next = release.delete(now);
        CatalogChange.Builder change = CatalogChange.builder().release(next);
        release.artifact().ifPresent(a -> change.event(artifactEvent(EventTypes.ARTIFACT_DELETE, a.key(), now)));
        return transition(release, next, change, "deleted");
    }

    /**
     * Brings a deleted release back, in the state it had, and restores its artifact through the outbox; testers are
     * nudged when a staging release comes back. Refused once the release was deleted longer ago than the
     * housekeeping retention ({@link io.voyagerota.housekeeping.HousekeepingConfig#deletedRetention()}).
     */
    public Release restore(String releaseId) {
        Release release = get(releaseId);
        if (release.deleted()) {
            voyager.housekeeping().checkRestorable(release);
        }
        Instant now = voyager.now();
        Release next = release.restore(now);
        CatalogChange.Builder change = CatalogChange.builder().release(next);
        release.artifact().ifPresent(a -> change.event(artifactEvent(EventTypes.ARTIFACT_RESTORE, a.key(), now)));
        if (release.state() == ReleaseState.STAGING) {
            // testers are offered it again (a revoked release is blocked throughout, so nothing changes for it)
            change.event(triggerEvent(release.productId(), "release " + release.version() + " restored", now));
        }
        return transition(release, next, change, release.state().name().toLowerCase());
    }

    /**
     * The revoked versions of a product with their reasons (a blocked-versions list), oldest version first. Deleted
     * revoked releases are included: a revocation is permanent (docs/concepts.md, "The release lifecycle").
     */
    public Map<String, String> blockedVersions(String productId) {
        List<Release> all = list(productId);
        Set<Version> liveVersions = new HashSet<>();
        for (Release r : all) {
            if (!r.deleted()) {
                liveVersions.add(r.version());
            }
        }
        // In version order, as list() gives them: a map sorted by text would put 1.10.0 before 1.9.0.
        Map<String, String> blocked = new LinkedHashMap<>();
        for (Release r : all) {
            boolean shadowed = r.deleted() && liveVersions.contains(r.version()); // as the snapshot decides
            if (r.state() == ReleaseState.REVOKED && !shadowed) {
                blocked.putIfAbsent(r.version().toString(), r.revocationReason().orElse("revoked"));
            }
        }
        return blocked;
    }

    private Release transition(Release before, Release next, CatalogChange.Builder change, String to) {
        String from = before.deleted() ? "deleted" : before.state().name().toLowerCase();
        voyager.commit(change.build(), List.of(new ReleaseTransitioned(next.id(), next.productId(),
                next.version().toString(), from, to, next.updatedAt())));
        return next.atRevision(before.revision() + 1);
    }

    private static OutboxEvent artifactEvent(String type, String key, Instant now) {
        return ArtifactEvents.of(type, key, now);
    }

    /**
     * The nudge of a rollout that starts later: due at its start, when the devices it admits first get an offer.
     * Its aggregate is the rollout, not the product, so that waiting for its time holds back no other fan-out.
     */
    private static OutboxEvent startTrigger(Rollout rollout, String reason, Instant start, Instant now) {
        return OutboxEvent.pending(UUID.randomUUID().toString(), EventTypes.DEVICES_TRIGGER, rollout.id(),
                triggerPayload(rollout.productId(), reason), now, start);
    }

    static OutboxEvent triggerEvent(String productId, String reason, Instant now) {
        return OutboxEvent.pending(EventTypes.DEVICES_TRIGGER, productId, triggerPayload(productId, reason), now);
    }

    private static String triggerPayload(String productId, String reason) {
        return Payloads.write(Map.of("productId", productId, "reason", reason));
    }
}
