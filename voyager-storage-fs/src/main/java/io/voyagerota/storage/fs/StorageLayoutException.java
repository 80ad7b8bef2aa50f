package io.voyagerota.storage.fs;

import io.voyagerota.VoyagerException;

/**
 * Something under a storage or view root is not what Voyager wrote there: a symbolic link, a file where a directory
 * belongs, metadata that does not match its artifact, or a root spread over several file systems. Nothing was
 * changed; the message names the path and what to do about it.
 */
public final class StorageLayoutException extends VoyagerException {
    public StorageLayoutException(String message) {
        super("storage-layout", message);
    }

    public StorageLayoutException(String message, Throwable cause) {
        super("storage-layout", message, cause);
    }
}
