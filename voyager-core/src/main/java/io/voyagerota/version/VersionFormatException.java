package io.voyagerota.version;

import io.voyagerota.VoyagerException;

/**
 * A text is not a version Voyager accepts, or version components are out of range. The message quotes the input and
 * says what is wrong with it and where, so it can be shown to whoever sent the version as it is.
 * {@link #code()} is always {@code invalid-version}.
 */
public final class VersionFormatException extends VoyagerException {
    public VersionFormatException(String message) {
        super("invalid-version", message);
    }
}
