package io.voyagerota.decision;

import io.voyagerota.InvalidInputException;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseManifest;
import io.voyagerota.catalog.ReleaseState;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutBuckets;
import io.voyagerota.version.Version;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable, indexed copy of the whole catalog, built once per change and swapped in atomically, so that an
 * update check reads plain in-memory structures and never touches a database. Per product and model it keeps the
 * offerable releases newest first; a check walks them only until it reaches the device's own version.
 */
public final class CatalogSnapshot {
    private final long generation;
    private final Map<String, ProductView> products;
    private final Map<String, Release> byArtifactKey;

    private CatalogSnapshot(long generation, Map<String, ProductView> products, Map<String, Release> byArtifactKey) {
        this.generation = generation;
        this.products = products;
        this.byArtifactKey = byArtifactKey;
    }

    public static CatalogSnapshot empty() {
        return new CatalogSnapshot(0, Map.of(), Map.of());
    }

    /**
     * Builds a snapshot.
     *
     * @param releases every release by product id, deleted ones included
     * @param rollouts every rollout by product id
     */
    public static CatalogSnapshot of(long generation, Collection<Product> products,
                                     Map<String, List<Release>> releases, Map<String, List<Rollout>> rollouts) {
        Map<String, ProductView> views = new HashMap<>();
        Map<String, Release> byArtifactKey = new HashMap<>();
        for (Product p : products) {
            List<Release> ofProduct = releases.getOrDefault(p.id(), List.of());
            views.put(p.id(), new ProductView(p, ofProduct, rollouts.getOrDefault(p.id(), List.of())));
            for (Release r : ofProduct) {
                r.artifact().ifPresent(a -> byArtifactKey.put(a.key(), r));
            }
        }
        return new CatalogSnapshot(generation, Map.copyOf(views), Map.copyOf(byArtifactKey));
    }

    /** The registry generation this snapshot was built from. */
    public long generation() {
        return generation;
    }

    ProductView product(String productId) {
        return products.get(productId);
    }

    public Optional<Product> findProduct(String productId) {
        return Optional.ofNullable(products.get(productId)).map(v -> v.product);
    }

    /** The live (not deleted) release of a product with this version. */
    public Optional<Release> findRelease(String productId, Version version) {
        ProductView view = products.get(productId);
        return view == null ? Optional.empty() : Optional.ofNullable(view.live.get(version));
    }

    /**
     * The release, deleted ones included, whose current artifact is stored under {@code artifactKey}: what a download
     * endpoint asks, from memory, before it serves a link's artifact (a revoked release's links stop working).
     */
    public Optional<Release> releaseOfArtifact(String artifactKey) {
        return Optional.ofNullable(byArtifactKey.get(artifactKey));
    }

    /**
     * The revoked release of a product with this version, deleted ones included: a revocation outlives deletion, so
     * devices that still run the version stay blocked and keep being rolled back.
     */
    public Optional<Release> findRevoked(String productId, Version version) {
        ProductView view = products.get(productId);
        return view == null ? Optional.empty() : Optional.ofNullable(view.revoked.get(version));
    }

    /** The current rollout of a release, if it has one. */
    public Optional<Rollout> rolloutOf(String productId, String releaseId) {
        ProductView view = products.get(productId);
        return view == null ? Optional.empty() : Optional.ofNullable(view.rolloutByRelease.get(releaseId));
    }

    /** One product's indexes. */
    static final class ProductView {
        final Product product;
        final Map<String, ModelView> models = new HashMap<>();
        final Map<Version, Release> live = new HashMap<>();
        /** Revoked releases by version, deleted ones included. */
        final Map<Version, Release> revoked = new HashMap<>();
        final Map<String, Rollout> rolloutByRelease = new HashMap<>();

        ProductView(Product product, List<Release> releases, List<Rollout> rollouts) {
            this.product = product;
            for (Rollout r : rollouts) {
                rolloutByRelease.merge(r.releaseId(), r, (a, b) -> a.createdAt().isAfter(b.createdAt()) ? a : b);
            }
            List<Release> offered = new ArrayList<>();
            for (Release r : releases) {
                if (r.deleted()) {
                    continue;
                }
                live.put(r.version(), r);
                if (r.state() == ReleaseState.REVOKED) {
                    revoked.put(r.version(), r);
                } else if (r.state().isOffered() && r.artifact().isPresent()) {
                    offered.add(r);
                }
            }
            // Revocation is permanent: a deleted revoked release stays blocked, and its devices keep their rollback.
            // Only a live release of the same version (created before versions of revoked releases were refused)
            // takes its place, so that no device is offered a version it would then be rolled back from.
            for (Release r : releases) {
                if (r.deleted() && r.state() == ReleaseState.REVOKED && !live.containsKey(r.version())) {
                    revoked.putIfAbsent(r.version(), r);
                }
            }
            offered.sort(Comparator.comparing(Release::version).reversed());
            Map<String, ReleaseManifest.Signed> manifests = new HashMap<>();
            for (Release r : offered) {
                try {
                    manifests.put(r.id(), ReleaseManifest.Signed.of(ReleaseManifest.of(product, r), r.signature()));
                } catch (InvalidInputException e) {
                    // too many models for a device's manifest buffer: devices could not take it, so it is not offered
                }
            }
            for (HardwareModel m : product.models()) {
                List<Candidate> fit = new ArrayList<>();
                for (Release r : offered) {
                    ReleaseManifest.Signed manifest = manifests.get(r.id());
                    if (manifest != null && r.fits(m.name())) {
                        fit.add(new Candidate(r, rolloutByRelease.get(r.id()), manifest));
                    }
                }
                models.put(m.name(), new ModelView(m, fit.toArray(new Candidate[0])));
            }
        }
    }

    /** A model's offerable releases, newest first. */
    record ModelView(HardwareModel model, Candidate[] candidates) {
    }

    /** A release that can be offered, with what a check needs of it pulled out of the records. */
    static final class Candidate {
        final Release release;
        final Version version;
        final boolean staging;
        final Rollout rollout; // null: a production release without a rollout admits every device
        final long saltState; // the rollout's bucket hash state, computed once per snapshot
        final Version steppingStone; // null when none
        final int minBattery; // -1 when none
        final ReleaseManifest.Signed manifest;

        Candidate(Release release, Rollout rollout, ReleaseManifest.Signed manifest) {
            this.manifest = manifest;
            this.release = release;
            this.version = release.version();
            this.staging = release.state() == ReleaseState.STAGING;
            this.rollout = rollout;
            this.saltState = rollout == null ? 0 : RolloutBuckets.saltState(rollout.salt());
            this.steppingStone = release.requiresAtLeast().orElse(null);
            this.minBattery = release.minBatteryPercent().orElse(-1);
        }
    }
}
