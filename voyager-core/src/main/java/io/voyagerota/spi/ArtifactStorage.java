package io.voyagerota.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.List;
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
 * <li>{@link #list} enumerates every artifact, live and deleted, a bounded page at a time, so that housekeeping can
 *     find what no release references in a bucket of millions of objects without holding the listing.</li>
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

    /**
     * A read-only channel on a live artifact's bytes, for transports that can hand a range to the kernel
     * ({@code sendfile} through {@link FileChannel#transferTo}) instead of copying it through the heap. The caller
     * closes it; it keeps reading the same bytes if the artifact is deleted meanwhile.
     *
     * @return empty when the artifact is missing or deleted, or when this store keeps no file behind its artifacts
     *         (the default: S3, memory); the caller then reads with {@link #open}
     */
    default Optional<FileChannel> openChannel(ArtifactKey key) throws IOException {
        return Optional.empty();
    }

    boolean delete(ArtifactKey key) throws IOException;

    boolean restore(ArtifactKey key) throws IOException;

    boolean purge(ArtifactKey key) throws IOException;

    /** The most objects one {@link #list} call returns. */
    int MAX_PAGE = 1000;

    /**
     * Up to {@code limit} stored artifacts, live and soft-deleted, that come after {@code after} in an order of the
     * adapter's choosing that does not change between calls; each key is listed once (an artifact cut off halfway
     * through a delete or restore, and so held twice, is listed once, as live). Puts in flight are not listed.
     * Artifacts stored, deleted or purged while a listing pages through may or may not show up in it.
     *
     * <p>Adapters hold at most a page (and, for a file system, one directory's names) in memory, whatever the size
     * of the store.
     *
     * @param after {@code ""} for the first page, then the {@link StoredObjectPage#next()} of the previous one; it
     *              need not name an artifact that still exists
     * @param limit 1 to {@value #MAX_PAGE}, otherwise {@link io.voyagerota.InvalidInputException}
     * @throws UnsupportedOperationException if the adapter cannot list, in which case housekeeping cannot find
     *                                       unreferenced or expired artifacts and says so in its report
     */
    default StoredObjectPage list(String after, int limit) throws IOException {
        throw new UnsupportedOperationException(getClass().getName() + " cannot list its artifacts; implement"
                + " ArtifactStorage.list so that housekeeping can purge unreferenced and expired ones");
    }

    /**
     * Removes what interrupted writes left behind that no reader can see (temporary files of crashed puts and
     * purges, multipart uploads of killed processes), when it is older than the adapter's own idea of how long
     * such work may stall, so that work other nodes have in flight is left alone. Housekeeping calls it on every
     * run; it must be safe to call at any time and from several nodes at once.
     *
     * @return a description of each thing removed (a path, an object name), for the housekeeping report
     */
    default List<String> sweepLeftovers() throws IOException {
        return List.of();
    }
}
