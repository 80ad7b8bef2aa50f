package io.voyagerota.artifact;

import io.voyagerota.VoyagerException;

/**
 * An artifact was rejected, or could not be packed, because its bytes are not what they must be. The message names
 * each failed check, the byte offset where it failed and what to do. {@link #code()} is {@code invalid-artifact}.
 */
public final class InvalidArtifactException extends VoyagerException {
    public InvalidArtifactException(String message) {
        super("invalid-artifact", message);
    }
}
