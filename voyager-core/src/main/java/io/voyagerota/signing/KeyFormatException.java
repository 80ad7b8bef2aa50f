package io.voyagerota.signing;

import io.voyagerota.VoyagerException;

/**
 * A key given to Voyager cannot be used for release signing: it is not PEM, is damaged, is encrypted, or is not an
 * ECDSA P-256 key. The message says what was found and how to produce a usable key. {@link #code()} is always
 * {@code invalid-key}.
 */
public final class KeyFormatException extends VoyagerException {
    public KeyFormatException(String message) {
        super("invalid-key", message);
    }
}
