package io.voyagerota.spi;

import io.voyagerota.support.Checks;

import java.time.Instant;
import java.util.Optional;

/**
 * One artifact as {@link ArtifactStorage#list} sees it: enough for housekeeping to decide whether it may go, without
 * reading its metadata or bytes.
 *
 * @param key          the artifact's key
 * @param lastModified when storage last wrote it: stored, deleted or restored (the store's clock, which may differ
 *                     slightly from this node's)
 * @param deletedAt    when it was soft-deleted, present exactly while it is deleted
 */
public record StoredObject(ArtifactKey key, Instant lastModified, Optional<Instant> deletedAt) {
    public StoredObject {
        Checks.notNull(key, "key");
        Checks.notNull(lastModified, "lastModified");
        Checks.notNull(deletedAt, "deletedAt");
    }

    /** Whether the artifact is soft-deleted (hidden, still restorable). */
    public boolean deleted() {
        return deletedAt.isPresent();
    }
}
