package io.voyagerota.spi;

import io.voyagerota.support.Checks;

import java.time.Instant;

/** What storage knows of an artifact: its size and SHA-256, computed while it streamed in. */
public record StoredArtifact(ArtifactKey key, long size, String sha256, Instant storedAt) {
    public StoredArtifact {
        Checks.notNull(key, "key");
        Checks.inRange(size, 0, Long.MAX_VALUE, "size");
        Checks.notNull(sha256, "sha256");
        Checks.notNull(storedAt, "storedAt");
    }
}
