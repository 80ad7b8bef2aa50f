package io.voyagerota.wire;

import io.voyagerota.VoyagerException;

import java.util.Optional;

/**
 * A message that is not the JSON it should be: not one JSON object, beyond a limit ({@code invalid-json}), or with
 * a field that is missing, mistyped or out of range ({@code invalid-field}, naming it, such as {@code metrics.rssi}).
 * It carries no stack trace: bad input is never a bug of the server.
 */
public final class WireFormatException extends VoyagerException {
    private final Optional<String> field;

    private WireFormatException(String code, Optional<String> field, String message) {
        super(code, message);
        this.field = field;
    }

    /** The message as a whole cannot be read. */
    public static WireFormatException malformed(String message) {
        return new WireFormatException("invalid-json", Optional.empty(), message);
    }

    /** One field is missing, mistyped or out of range. */
    public static WireFormatException field(String field, String message) {
        return new WireFormatException("invalid-field", Optional.of(field), message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // refusing input is routine: a stack trace would only cost time
    }

    /** The field at fault, such as {@code status} or {@code metrics.battery}; empty when the whole message is. */
    public Optional<String> field() {
        return field;
    }
}
