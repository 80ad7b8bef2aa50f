package io.voyagerota.internal;

import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.decision.CatalogSnapshot;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.spi.CatalogRegistry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds the current catalog snapshot and rebuilds it from the registry when the registry's generation moved.
 * Readers take the reference without locking; rebuilds are serialised.
 */
public final class SnapshotHolder {
    private final CatalogRegistry catalog;
    private volatile CatalogSnapshot current = CatalogSnapshot.empty();

    public SnapshotHolder(CatalogRegistry catalog) {
        this.catalog = catalog;
    }

    public CatalogSnapshot current() {
        return current;
    }

    /** Rebuilds if the registry changed since the current snapshot was built; returns whether it did. */
    public synchronized boolean refresh() {
        long generation = catalog.generation();
        if (generation == current.generation() && generation != 0) {
            return false;
        }
        List<Product> products = catalog.products();
        Map<String, List<Release>> releases = new HashMap<>();
        Map<String, List<Rollout>> rollouts = new HashMap<>();
        for (Product p : products) {
            releases.put(p.id(), catalog.releases(p.id()));
            rollouts.put(p.id(), catalog.rollouts(p.id()));
        }
        current = CatalogSnapshot.of(generation, products, releases, rollouts);
        return true;
    }
}
