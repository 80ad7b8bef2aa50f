package io.voyagerota.signing;

import io.voyagerota.VoyagerException;

/**
 * Bytes given as an ECDSA signature are not a well-formed one: the wrong length, broken or non-canonical DER, or
 * r or s outside 1…n−1. The message says which and what the expected form is. A well-formed signature that does
 * not match is not an error: verification simply answers false. {@link #code()} is always {@code invalid-signature}.
 */
public final class SignatureFormatException extends VoyagerException {
    public SignatureFormatException(String message) {
        super("invalid-signature", message);
    }
}
