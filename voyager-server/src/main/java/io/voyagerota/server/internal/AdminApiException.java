package io.voyagerota.server.internal;

import io.voyagerota.VoyagerException;

/**
 * The server refused an admin request: its status and its RFC 9457 problem, whose {@code detail} is the message.
 */
public final class AdminApiException extends VoyagerException {
    private final int status;
    private final String body;

    public AdminApiException(int status, String message, String body) {
        super("admin-api-" + status, message);
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    /** The answer's body as the server sent it (usually {@code application/problem+json}). */
    public String body() {
        return body;
    }
}
