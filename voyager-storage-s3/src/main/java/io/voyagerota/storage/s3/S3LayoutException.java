package io.voyagerota.storage.s3;

import io.voyagerota.VoyagerException;

/**
 * Something in the bucket is not what Voyager wrote there: an object without Voyager's metadata where an artifact
 * belongs, or a live artifact and a deleted one of the same key with different contents. The message names the
 * objects and what to do about them.
 */
public final class S3LayoutException extends VoyagerException {
    public S3LayoutException(String message) {
        super("storage-layout", message);
    }
}
