package io.voyagerota.memory;

import io.voyagerota.ConcurrentUpdateException;
import io.voyagerota.ConflictException;
import io.voyagerota.NotFoundException;
import io.voyagerota.catalog.NonMonotonicVersionException;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.spi.CatalogChange;
import io.voyagerota.spi.CatalogRegistry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The catalog part of {@link InMemoryRegistry}. */
final class InMemoryCatalog implements CatalogRegistry {
    private final InMemoryOutboxStore outbox;
    private final Map<String, Product> products = new TreeMap<>();
    private final Map<String, Release> releases = new LinkedHashMap<>();
    private final Map<String, Rollout> rollouts = new LinkedHashMap<>();
    private long generation;

    InMemoryCatalog(InMemoryOutboxStore outbox) {
        this.outbox = outbox;
    }

    @Override
    public synchronized void insertProduct(Product product) {
        if (products.containsKey(product.id())) {
            throw new ConflictException("product '" + product.id() + "' already exists");
        }
        products.put(product.id(), product);
        generation++;
    }

    @Override
    public synchronized Optional<Product> findProduct(String productId) {
        return Optional.ofNullable(products.get(productId));
    }

    @Override
    public synchronized List<Product> products() {
        return List.copyOf(products.values());
    }

    @Override
    public synchronized void commit(CatalogChange change) {
        // Check everything first, against the state as it will be, so that a failure leaves nothing half-applied.
        Map<String, Release> nextReleases = new HashMap<>();
        for (CatalogChange.ReleaseWrite w : change.releases()) {
            Release r = w.release();
            if (!products.containsKey(r.productId())) {
                throw new NotFoundException("product", r.productId());
            }
            Release current = nextReleases.containsKey(r.id()) ? nextReleases.get(r.id()) : releases.get(r.id());
            checkRevision("release", r.id(), current == null ? null : current.revision(), w.expectedRevision());
            if (current == null) {
                newestLive(r.productId(), nextReleases).filter(newest -> newest.version().compareTo(r.version()) >= 0)
                        .ifPresent(newest -> {
                            throw new NonMonotonicVersionException(r.productId(), r.version(), newest.version());
                        });
            } else if (current.deleted() && !r.deleted()) {
                for (Release other : live(r.productId(), nextReleases)) {
                    if (!other.id().equals(r.id()) && other.version().equals(r.version())) {
                        throw new ConflictException("cannot restore release " + r.version() + " of product '"
                                + r.productId() + "': another live release has that version");
                    }
                }
            }
            nextReleases.put(r.id(), r.atRevision(w.expectedRevision() + 1));
        }
        Map<String, Rollout> nextRollouts = new HashMap<>();
        for (CatalogChange.RolloutWrite w : change.rollouts()) {
            Rollout r = w.rollout();
            Rollout current = nextRollouts.containsKey(r.id()) ? nextRollouts.get(r.id()) : rollouts.get(r.id());
            checkRevision("rollout", r.id(), current == null ? null : current.revision(), w.expectedRevision());
            nextRollouts.put(r.id(), r.atRevision(w.expectedRevision() + 1));
        }
        // Under the outbox's lock too, so no relay can claim an event before the change it belongs to is visible.
        outbox.atomically(() -> {
            outbox.append(change.events());
            releases.putAll(nextReleases);
            rollouts.putAll(nextRollouts);
            generation++;
            return null;
        });
    }

    private static void checkRevision(String what, String id, Long stored, long expected) {
        if (expected == 0 && stored != null) {
            throw new ConflictException(what + " '" + id + "' already exists");
        }
        if (expected != 0 && stored == null) {
            throw new NotFoundException(what, id);
        }
        if (stored != null && stored != expected) {
            throw new ConcurrentUpdateException(what, id, expected);
        }
    }

    private List<Release> live(String productId, Map<String, Release> pending) {
        Map<String, Release> merged = new LinkedHashMap<>(releases);
        merged.putAll(pending);
        List<Release> out = new ArrayList<>();
        for (Release r : merged.values()) {
            if (r.productId().equals(productId) && !r.deleted()) {
                out.add(r);
            }
        }
        return out;
    }

    private Optional<Release> newestLive(String productId, Map<String, Release> pending) {
        return live(productId, pending).stream().max(Comparator.comparing(Release::version));
    }

    @Override
    public synchronized Optional<Release> findRelease(String releaseId) {
        return Optional.ofNullable(releases.get(releaseId));
    }

    @Override
    public synchronized List<Release> releases(String productId) {
        return releases.values().stream().filter(r -> r.productId().equals(productId))
                .sorted(Comparator.comparing(Release::version)).toList();
    }

    @Override
    public synchronized Optional<Rollout> findRollout(String rolloutId) {
        return Optional.ofNullable(rollouts.get(rolloutId));
    }

    @Override
    public synchronized List<Rollout> rollouts(String productId) {
        return rollouts.values().stream().filter(r -> r.productId().equals(productId)).toList();
    }

    @Override
    public synchronized long generation() {
        return generation;
    }
}
