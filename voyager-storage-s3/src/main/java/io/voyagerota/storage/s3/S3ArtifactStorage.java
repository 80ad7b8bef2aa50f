package io.voyagerota.storage.s3;

import io.voyagerota.ConflictException;
import io.voyagerota.InvalidInputException;
import io.voyagerota.NotFoundException;
import io.voyagerota.support.Checks;
import io.voyagerota.support.StorageChecks;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.ArtifactTooLargeException;
import io.voyagerota.spi.StoredArtifact;
import io.voyagerota.spi.StoredObject;
import io.voyagerota.spi.StoredObjectPage;
import io.voyagerota.storage.s3.internal.ArtifactMetadata;
import io.voyagerota.storage.s3.internal.KeyLocks;
import io.voyagerota.storage.s3.internal.ObjectStore;
import io.voyagerota.storage.s3.internal.PartReader;
import io.voyagerota.storage.s3.internal.RangeStream;
import io.voyagerota.storage.s3.internal.StagedUpload;
import io.voyagerota.storage.s3.internal.StaleUploads;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link ArtifactStorage} on an S3 bucket or any S3-compatible store, through the AWS SDK for Java v2. Build it with
 * {@link #builder(S3StorageConfig)}; close it to release its HTTP connections.
 *
 * <p>Layout under the configured prefix (see {@code docs/storage-s3.md}):
 * <pre>
 * objects/{key}@       live artifacts: the bytes, with x-amz-meta-voyager-sha256, -stored-at and -put-id
 * trash/{key}@         soft-deleted artifacts, same metadata
 * uploads/{uuid}       large uploads in flight (invisible to readers)
 * </pre>
 *
 * <p>A put streams through one part buffer ({@code partSize}, 8 MiB by default) computing size and SHA-256 on the
 * way. An artifact that fits in one part is stored with one PutObject; a larger one is streamed as a multipart upload
 * to {@code uploads/} and then copied server-side to {@code objects/} with its metadata, because S3 fixes metadata
 * before the first byte. The write that makes an artifact visible carries {@code If-None-Match: *}, so of concurrent
 * puts of a key exactly one wins, across processes. Failed uploads are aborted and staged objects deleted;
 * what a killed process leaves, {@link #abortStaleUploads()} removes (housekeeping calls it on every run, through
 * {@link #sweepLeftovers()}).
 *
 * <p>Delete copies the artifact to {@code trash/} and then deletes it from {@code objects/}; restore does the
 * reverse; purge deletes both. Each is idempotent and completes an earlier attempt that was cut off between its two
 * steps. Within this process they are serialised per key; two processes deleting the same key at the same moment
 * may both report a change.
 */
public final class S3ArtifactStorage implements ArtifactStorage, AutoCloseable {
    private final S3StorageConfig config;
    private final ObjectStore store;
    private final S3Presigner presigner;
    private final InstantSource clock;
    private final AutoCloseable owned;
    private final KeyLocks locks = new KeyLocks();

    S3ArtifactStorage(S3StorageConfig config, S3Client client, S3Presigner presigner, InstantSource clock,
                      long copyPartSize, AutoCloseable owned) {
        this.config = config;
        this.store = new ObjectStore(client, config.bucket(), config.conditionalWrites(), copyPartSize);
        this.presigner = presigner;
        this.clock = clock;
        this.owned = owned;
    }

    /** A builder for storage in the bucket and under the prefix {@code config} names. */
    public static S3StorageBuilder builder(S3StorageConfig config) {
        return new S3StorageBuilder(config);
    }

    public S3StorageConfig config() {
        return config;
    }

    /** Presigned GET links to live artifacts, for offers that send devices straight to the bucket. */
    public S3DownloadLinks downloadLinks() {
        return new S3DownloadLinks(presigner, config.bucket(), this::live, config.presignLifetime(), clock);
    }

    @Override
    public StoredArtifact put(ArtifactKey key, InputStream content, long maxBytes) throws IOException {
        StorageChecks.putArguments(key, content, maxBytes);
        refuseExisting(key); // early, so that a duplicate is refused before its bytes are read
        String putId = UUID.randomUUID().toString();
        PartReader reader = new PartReader(content, config.partSize(), maxBytes);
        if (!reader.next()) {
            throw new ArtifactTooLargeException(key, maxBytes);
        }
        if (reader.ended()) {
            StoredArtifact stored = new StoredArtifact(key, reader.total(), reader.sha256(), clock.instant());
            publish(key, putId, () -> store.put(live(key), reader.buffer(), reader.length(),
                    ArtifactMetadata.of(stored, putId), true));
            return stored;
        }
        try (StagedUpload staged = StagedUpload.start(store, config.prefix() + UPLOADS + putId)) {
            staged.add(reader);
            do {
                if (!reader.next()) {
                    throw new ArtifactTooLargeException(key, maxBytes);
                }
                if (reader.length() > 0) {
                    staged.add(reader);
                }
            } while (!reader.ended());
            staged.complete();
            StoredArtifact stored = new StoredArtifact(key, reader.total(), reader.sha256(), clock.instant());
            publish(key, putId, () -> store.copy(staged.key(), live(key), stored.size(),
                    ArtifactMetadata.of(stored, putId), true));
            return stored;
        }
    }

    private interface Write {
        void run() throws IOException;
    }

    private void publish(ArtifactKey key, String putId, Write write) throws IOException {
        if (!config.conditionalWrites()) {
            // Without If-None-Match, check and write under this process's lock: safe only with one writing process.
            locks.with(key, () -> {
                refuseExisting(key);
                write.run();
                return null;
            });
            return;
        }
        try {
            write.run();
        } catch (IOException e) {
            // Refused (412), or failed without a clear answer: the live object, if any, says who won.
            Optional<ObjectStore.Info> winner;
            try {
                winner = store.head(live(key));
            } catch (IOException unknown) {
                e.addSuppressed(unknown);
                throw e;
            }
            if (winner.isEmpty()) {
                throw e;
            }
            if (!ArtifactMetadata.writtenBy(winner.get(), putId)) {
                ConflictException conflict = StorageChecks.keyTaken(key);
                conflict.initCause(e);
                throw conflict;
            }
            // Ours: the write landed and only its answer was lost.
        }
    }

    private void refuseExisting(ArtifactKey key) throws IOException {
        // Live first: a delete copies to the trash before it removes the live object, so a key seen missing here
        // is, if it was being deleted meanwhile, already seen in the trash below.
        if (store.head(live(key)).isPresent() || store.head(trash(key)).isPresent()) {
            throw StorageChecks.keyTaken(key);
        }
    }

    @Override
    public Optional<StoredArtifact> stat(ArtifactKey key) {
        Checks.notNull(key, "key");
        try {
            Optional<ObjectStore.Info> info = store.head(live(key));
            return info.isEmpty() ? Optional.empty() : Optional.of(artifact(key, live(key), info.get()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private StoredArtifact artifact(ArtifactKey key, String object, ObjectStore.Info info) {
        return ArtifactMetadata.read(key, info).orElseThrow(() -> new S3LayoutException("s3://" + config.bucket()
                + "/" + object + " lacks the " + ArtifactMetadata.SHA256 + " and " + ArtifactMetadata.STORED_AT
                + " metadata Voyager writes; it was not stored by Voyager: move it out of " + config.prefix()
                + LIVE + " and store it through Voyager"));
    }

    @Override
    public InputStream open(ArtifactKey key, long offset, long length) throws IOException {
        Checks.notNull(key, "key");
        ObjectStore.Info info = store.head(live(key)).orElseThrow(() -> new NotFoundException("artifact",
                key.value()));
        long size = info.size();
        StorageChecks.range(key, offset, length, size);
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        return new RangeStream(store.read(live(key), info.eTag(), offset, length)
                .orElseThrow(() -> new NotFoundException("artifact", key.value())), key, length);
    }

    @Override
    public boolean delete(ArtifactKey key) throws IOException {
        Checks.notNull(key, "key");
        return relocate(key, live(key), trash(key));
    }

    @Override
    public boolean restore(ArtifactKey key) throws IOException {
        Checks.notNull(key, "key");
        return relocate(key, trash(key), live(key));
    }

    /** Copy, then delete: a crash between the two leaves both copies, which the next attempt of either finishes. */
    private boolean relocate(ArtifactKey key, String from, String to) throws IOException {
        return locks.with(key, () -> {
            Optional<ObjectStore.Info> source = store.head(from);
            if (source.isEmpty()) {
                return false;
            }
            StoredArtifact artifact = artifact(key, from, source.get());
            Optional<ObjectStore.Info> target = store.head(to);
            if (target.isEmpty()) {
                try {
                    store.copy(from, to, artifact.size(), source.get().metadata(), true);
                } catch (ObjectStore.WriteConflict e) {
                    target = store.head(to); // another process is moving it too: fine if it is the same artifact
                    if (target.isEmpty()) {
                        throw new IOException("artifact " + key + " changed while it was being moved from " + from
                                + " to " + to + "; nothing was lost, try again", e);
                    }
                }
            }
            if (target.isPresent() && !artifact(key, to, target.get()).equals(artifact)) {
                throw new S3LayoutException("artifact " + key + " is both at s3://" + config.bucket() + "/" + from
                        + " and at s3://" + config.bucket() + "/" + to + " with different contents; keep the one"
                        + " whose " + ArtifactMetadata.SHA256 + " you trust and delete the other");
            }
            store.delete(from);
            return true;
        });
    }

    @Override
    public boolean purge(ArtifactKey key) throws IOException {
        Checks.notNull(key, "key");
        return locks.with(key, () -> {
            boolean changed = false;
            // Live first, so the key is invisible before its trash copy goes.
            for (String object : new String[] {live(key), trash(key)}) {
                if (store.head(object).isPresent()) {
                    store.delete(object);
                    changed = true;
                }
            }
            return changed;
        });
    }

    /**
     * Lists {@code objects/} and {@code trash/} side by side with one ListObjectsV2 request each (more only when
     * objects Voyager did not write are skipped). The times are the store's LastModified: when an artifact was
     * stored, or copied into or out of the trash, so a deleted artifact's is when it was deleted.
     */
    @Override
    public StoredObjectPage list(String after, int limit) throws IOException {
        StorageChecks.listArguments(after, limit);
        return StorageChecks.merge(listArea(LIVE, after, limit, false), listArea(TRASH, after, limit, true), limit);
    }

    private List<StoredObject> listArea(String area, String after, int limit, boolean deleted) throws IOException {
        String folder = config.prefix() + area;
        List<StoredObject> out = new ArrayList<>();
        String start = after.isEmpty() ? "" : folder + after + SUFFIX;
        while (out.size() < limit) {
            ObjectStore.Page page = store.page(folder, start, limit - out.size());
            for (ObjectStore.Listed o : page.objects()) {
                start = o.key();
                storedObject(o.key().substring(folder.length()), o.lastModified(), deleted).ifPresent(out::add);
            }
            if (!page.truncated() || page.objects().isEmpty()) {
                break;
            }
        }
        return out;
    }

    private Optional<StoredObject> storedObject(String name, Instant modified, boolean deleted) {
        if (!name.endsWith(SUFFIX)) {
            return Optional.empty(); // not an artifact's object: someone else's, under our prefix
        }
        ArtifactKey key;
        try {
            key = ArtifactKey.of(name.substring(0, name.length() - SUFFIX.length()));
        } catch (InvalidInputException notOurs) {
            return Optional.empty();
        }
        // A store that gives no time makes the object look new, so that housekeeping leaves it alone for now.
        Instant at = modified != null ? modified : clock.instant();
        return Optional.of(new StoredObject(key, at, deleted ? Optional.of(at) : Optional.empty()));
    }

    /** {@link #abortStaleUploads()}: uploads and staged objects older than {@code staleUploadAge}. */
    @Override
    public List<String> sweepLeftovers() throws IOException {
        StaleUploadReport report = abortStaleUploads();
        List<String> removed = new ArrayList<>(report.abortedUploads());
        removed.addAll(report.deletedObjects());
        return removed;
    }

    /**
     * Checks, with a small probe object under {@code uploads/}, that the bucket is reachable with these credentials,
     * that they may write, read and delete there, and that the store refuses a second create-only write: a store
     * that silently ignores {@code If-None-Match} would let two uploads of a key overwrite each other. Call it at
     * startup; it leaves nothing behind.
     *
     * @throws S3LayoutException if conditional writes are configured but the store ignores them
     * @throws IOException       if the bucket cannot be reached or the credentials lack a permission
     */
    public void verifyStore() throws IOException {
        String probe = config.prefix() + UPLOADS + "probe-" + UUID.randomUUID();
        byte[] bytes = "voyager store probe\n".getBytes(StandardCharsets.US_ASCII);
        try {
            // Not create-only: the key is new anyway, and an SDK retry of a write that landed but lost its answer
            // would otherwise be refused by the store as if someone else had written the probe.
            // A read first, with no body: a store that refuses the credentials answers it with a clean 403, while
            // it may cut a write off mid-body, which the client reports as a broken connection.
            store.head(probe);
            store.put(probe, bytes, bytes.length, Map.of(), false);
            store.head(probe).orElseThrow(() -> new IOException("the probe s3://" + config.bucket() + "/" + probe
                    + " was written but cannot be read back"));
            if (config.conditionalWrites()) {
                refuseSecondWrite(probe, bytes);
            }
        } catch (IOException | RuntimeException e) {
            store.deleteQuietly(probe, e);
            throw e;
        }
        store.delete(probe);
    }

    private void refuseSecondWrite(String probe, byte[] bytes) throws IOException {
        try {
            store.put(probe, bytes, bytes.length, Map.of(), true);
        } catch (ObjectStore.WriteConflict expected) {
            return;
        }
        throw new S3LayoutException("the store behind bucket " + config.bucket() + " ignores If-None-Match: it let"
                + " a create-only write replace an object; set conditionalWrites to false and run a single writing"
                + " node, or use a store that supports conditional writes");
    }

    /**
     * Removes what processes killed mid-upload left under this storage's prefix: aborts the multipart uploads started
     * more than {@link S3StorageConfig#staleUploadAge()} ago (a staged upload, or the copy that publishes it) and
     * deletes staged objects under {@code uploads/} as old. Nothing it removes was ever visible; without it the store
     * keeps the parts (and bills them) until a lifecycle rule removes them. Call it at startup, after
     * {@link #verifyStore()}; it logs one line when it removed anything.
     *
     * @throws IOException if the store cannot be listed, or refuses an abort or a delete
     */
    public StaleUploadReport abortStaleUploads() throws IOException {
        return StaleUploads.sweep(store, config.prefix(), UPLOADS, clock.instant().minus(config.staleUploadAge()),
                config.staleUploadAge());
    }

    /** Closes the SDK client and presigner (and the credentials provider) if this storage built them. */
    @Override
    public void close() {
        try {
            owned.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not close the S3 client: " + e.getMessage(), e);
        }
    }

    static final String LIVE = "objects/";
    static final String TRASH = "trash/";
    static final String UPLOADS = "uploads/";
    /**
     * Ends every artifact's object name. It cannot occur in a key, so no artifact's name is the folder of another's
     * ({@code a@} beside {@code a/b@}): stores that keep objects as files (MinIO, S3Proxy's filesystem backend)
     * cannot hold an object {@code a} and an object {@code a/b} at once.
     */
    static final String SUFFIX = "@";

    /** The object holding live artifact {@code key}. */
    String live(ArtifactKey key) {
        return config.prefix() + LIVE + key.value() + SUFFIX;
    }

    private String trash(ArtifactKey key) {
        return config.prefix() + TRASH + key.value() + SUFFIX;
    }

    ObjectStore objects() {
        return store;
    }
}
