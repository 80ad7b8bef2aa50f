package io.voyagerota.storage.s3.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompletedPart;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bytes of an upload larger than one part, streamed as a multipart upload to a staging key that no reader looks
 * at. S3 fixes an object's metadata when its upload starts, before the SHA-256 is known, so the staged object is then
 * copied server-side to its real key with the metadata (see {@link ObjectStore#copy}). Whatever goes wrong, the
 * upload is aborted or the staged object deleted: nothing stays behind but what a crash leaves, which the bucket's
 * lifecycle rules remove.
 */
public final class StagedUpload implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StagedUpload.class);
    private final ObjectStore store;
    private final String key;
    private final String uploadId;
    private final List<CompletedPart> parts = new ArrayList<>();
    private boolean completed;
    private boolean closed;

    private StagedUpload(ObjectStore store, String key, String uploadId) {
        this.store = store;
        this.key = key;
        this.uploadId = uploadId;
    }

    public static StagedUpload start(ObjectStore store, String key) throws IOException {
        return new StagedUpload(store, key, store.createUpload(key, Map.of()));
    }

    /** Uploads the reader's current part. */
    public void add(PartReader part) throws IOException {
        if (parts.size() == ObjectStore.MAX_PARTS) {
            throw new IOException("the upload to s3://" + store.bucket() + "/" + key + " needs more than "
                    + ObjectStore.MAX_PARTS + " parts; raise partSize (every part but the last holds "
                    + part.length() + " bytes)");
        }
        parts.add(store.uploadPart(key, uploadId, parts.size() + 1, part.buffer(), part.length()));
    }

    /** Makes the staged object whole; it is still only under its staging key. */
    public void complete() throws IOException {
        store.complete(key, uploadId, parts, false);
        completed = true;
    }

    public String key() {
        return key;
    }

    /**
     * Aborts the upload, or deletes the staged object once complete. A failure here is logged, not thrown: the
     * artifact's fate is already decided, and what is left is invisible and removed by the lifecycle rules.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        IOException failure = new IOException("could not clean up the staged upload s3://" + store.bucket() + "/"
                + key + "; the bucket's lifecycle rules for the uploads/ prefix remove it later");
        if (completed) {
            store.deleteQuietly(key, failure);
        } else {
            store.abortQuietly(key, uploadId, failure);
        }
        if (failure.getSuppressed().length > 0) {
            LOG.warn(failure.getMessage(), failure);
        }
    }
}
