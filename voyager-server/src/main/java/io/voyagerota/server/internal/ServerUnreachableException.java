package io.voyagerota.server.internal;

import io.voyagerota.VoyagerException;

/** The server could not be reached or did not answer; the message says which server and what to check. */
public final class ServerUnreachableException extends VoyagerException {
    public ServerUnreachableException(String message, Throwable cause) {
        super("server-unreachable", message, cause);
    }
}
