package io.voyagerota;

/** The request is well formed but conflicts with what already exists, such as a duplicate id. */
public final class ConflictException extends VoyagerException {
    public ConflictException(String message) {
        super("conflict", message);
    }
}
