package io.voyagerota.catalog;

import io.voyagerota.VoyagerException;
import io.voyagerota.version.Version;

/** A new release is not newer than every existing release of its product. */
public final class NonMonotonicVersionException extends VoyagerException {
    public NonMonotonicVersionException(String productId, Version attempted, Version newestExisting) {
        super("non-monotonic-version", "release " + attempted + " of product '" + productId
                + "' must be newer than every existing release, but " + newestExisting
                + " already exists; choose a version above " + newestExisting);
    }
}
