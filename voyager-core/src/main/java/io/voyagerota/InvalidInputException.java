package io.voyagerota;

/** A value given to Voyager is malformed or out of range; the message names the field and what is allowed. */
public final class InvalidInputException extends VoyagerException {
    public InvalidInputException(String message) {
        super("invalid-input", message);
    }
}
