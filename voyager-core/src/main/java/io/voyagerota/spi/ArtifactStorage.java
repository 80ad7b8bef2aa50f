package io.voyagerota.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where artifact bytes live (filesystem, S3, memory).
 *
 * <p>Contract, checked by the artifact storage compatibility kit:
 * <ul>
 * <li>{@link #put} streams: it never holds the whole artifact in memory, computes size and SHA-256 on the way in,
 *     and makes the artifact visible only once it is complete; a failed or oversized put leaves nothing visible.</li>
 * <li>Puts are create-only: a key that exists (deleted or not) fails with {@link io.voyagerota.ConflictException}.</li>
 * <li>{@link #delete} hides an artifact but keeps it restorable; {@link #restore} brings it back; {@link #purge}
 *     removes it for good. All three are idempotent (they return whether anything changed), because outbox
 *     handlers call them at least once.</li>
 * </ul>
 */
public interface ArtifactStorage {

    /** Stores {@code content} under {@code key}, refusing more than {@code maxBytes}. */
    StoredArtifact put(ArtifactKey key, InputStream content, long maxBytes) throws IOException;

    /** A live (not deleted) artifact's metadata. */
    Optional<StoredArtifact> stat(ArtifactKey key);

    /**
     * Reads {@code length} bytes from {@code offset} of a live artifact without reading what comes before it.
     * The range must lie within the artifact, otherwise {@link io.voyagerota.InvalidInputException}; a missing or
     * deleted artifact raises {@link io.voyagerota.NotFoundException}.
     */
    InputStream open(ArtifactKey key, long offset, long length) throws IOException;

    boolean delete(ArtifactKey key) throws IOException;

    boolean restore(ArtifactKey key) throws IOException;

    boolean purge(ArtifactKey key) throws IOException;
}
