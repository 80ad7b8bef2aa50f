package io.voyagerota.storage.s3.internal;

import io.voyagerota.storage.s3.StaleUploadReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and removes what a process killed mid-upload leaves under a storage's prefix: multipart uploads never
 * completed or aborted (to {@code uploads/}, or the copy into {@code objects/}), and staged objects under
 * {@code uploads/} never deleted. Only what is older than the cut-off is touched, so uploads other nodes have in
 * flight are left alone. None of it is visible to readers; this only stops the store from keeping (and billing) it.
 */
public final class StaleUploads {
    private static final Logger LOG = LoggerFactory.getLogger("io.voyagerota.storage.s3");

    private StaleUploads() {
    }

    /**
     * @param prefix    the storage's prefix, where every upload of its own starts
     * @param uploads   the staging folder under it, whose objects are all temporary
     * @param olderThan the cut-off: what was started or written before it is stale
     * @param age       how far the cut-off lies behind now, for the log line
     */
    public static StaleUploadReport sweep(ObjectStore store, String prefix, String uploads, Instant olderThan,
                                          Duration age) throws IOException {
        List<String> aborted = new ArrayList<>();
        for (ObjectStore.Upload u : store.uploads(prefix)) {
            // An upload whose start the store does not report is left alone: its age is unknown.
            if (u.initiated().isPresent() && u.initiated().get().isBefore(olderThan)) {
                store.abort(u.key(), u.uploadId());
                aborted.add(u.key());
            }
        }
        List<String> deleted = new ArrayList<>();
        for (ObjectStore.Listed o : store.list(prefix + uploads)) {
            if (o.lastModified() != null && o.lastModified().isBefore(olderThan)) {
                store.delete(o.key());
                deleted.add(o.key());
            }
        }
        StaleUploadReport report = new StaleUploadReport(aborted, deleted);
        if (!report.isEmpty()) {
            LOG.info("s3://{}/{}: aborted {} multipart upload(s) and deleted {} staged object(s) older than {},"
                            + " left by a process that stopped mid-upload", store.bucket(), prefix, aborted.size(),
                    deleted.size(), age);
        }
        return report;
    }
}
