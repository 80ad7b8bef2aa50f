package io.voyagerota.spi;

import io.voyagerota.VoyagerException;

/** An upload went past its size limit; it was cut off and nothing of it was kept. */
public final class ArtifactTooLargeException extends VoyagerException {
    public ArtifactTooLargeException(ArtifactKey key, long limit) {
        super("artifact-too-large", "artifact " + key + " is larger than the limit of " + limit
                + " bytes; nothing was stored (raise the product's maxArtifactBytes if the image is right)");
    }
}
