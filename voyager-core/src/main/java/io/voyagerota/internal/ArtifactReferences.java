package io.voyagerota.internal;

import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.spi.CatalogRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which releases reference which artifact, read from the catalog at one moment, deleted releases included. */
public final class ArtifactReferences {
    private final Map<String, List<Release>> byKey;

    private ArtifactReferences(Map<String, List<Release>> byKey) {
        this.byKey = byKey;
    }

    /** Reads every product's releases. */
    public static ArtifactReferences read(CatalogRegistry catalog) {
        Map<String, List<Release>> byKey = new HashMap<>();
        for (Product product : catalog.products()) {
            for (Release release : catalog.releases(product.id())) {
                release.artifact().ifPresent(a -> byKey.computeIfAbsent(a.key(), k -> new ArrayList<>())
                        .add(release));
            }
        }
        return new ArtifactReferences(byKey);
    }

    /** Whether any release, deleted or not, references {@code key}. */
    public boolean referenced(String key) {
        return byKey.containsKey(key);
    }

    /**
     * A release that still needs the artifact under {@code key} at {@code now}: one that is not deleted, or was
     * deleted less than {@code retention} ago and so may still be restored.
     */
    public Optional<Release> holder(String key, Instant now, Duration retention) {
        return byKey.getOrDefault(key, List.of()).stream()
                .filter(r -> !pastRetention(r, now, retention))
                .findFirst();
    }

    /** Whether a release was deleted longer than {@code retention} before {@code now}. */
    public static boolean pastRetention(Release release, Instant now, Duration retention) {
        // A deleted release cannot change until it is restored, so its last update is its deletion.
        return release.deleted() && !release.updatedAt().plus(retention).isAfter(now);
    }
}
