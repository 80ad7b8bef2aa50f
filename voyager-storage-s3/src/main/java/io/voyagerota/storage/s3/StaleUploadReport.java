package io.voyagerota.storage.s3;

import io.voyagerota.support.Checks;

import java.util.List;

/**
 * What {@link S3ArtifactStorage#abortStaleUploads()} removed.
 *
 * @param abortedUploads the object keys of the multipart uploads it aborted
 * @param deletedObjects the staged objects under {@code uploads/} it deleted
 */
public record StaleUploadReport(List<String> abortedUploads, List<String> deletedObjects) {
    public StaleUploadReport {
        abortedUploads = List.copyOf(Checks.noNulls(abortedUploads, "abortedUploads"));
        deletedObjects = List.copyOf(Checks.noNulls(deletedObjects, "deletedObjects"));
    }

    /** Whether nothing was left behind. */
    public boolean isEmpty() {
        return abortedUploads.isEmpty() && deletedObjects.isEmpty();
    }
}
