package io.voyagerota;

/**
 * Base of every error Voyager raises on purpose. The message always says what was wrong and what to do about it;
 * {@link #code()} is a stable, machine-readable identifier that transports map to their own error formats.
 */
public class VoyagerException extends RuntimeException {
    private final String code;

    public VoyagerException(String code, String message) {
        super(message);
        this.code = code;
    }

    public VoyagerException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /** A stable kebab-case identifier of the kind of error, such as {@code illegal-transition}. */
    public String code() {
        return code;
    }
}
