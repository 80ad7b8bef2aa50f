package io.voyagerota.transport.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * An HTTP request as the handler needs it, implemented by each adapter over its server's own request type.
 * Values are passed through raw: the handler decodes and validates them itself, so every adapter behaves alike.
 */
public interface VoyagerRequest {

    /** The method in upper case, such as {@code GET}. */
    String method();

    /**
     * The path from the root the handler's {@linkplain HttpConfig#basePath() base path} is relative to, still
     * percent-encoded and without the query, such as {@code /v1/devices/d1/update}.
     */
    String path();

    /** The raw query after {@code ?}, still percent-encoded; empty when there is none. */
    String query();

    /** The first value of a header, matched case-insensitively. */
    Optional<String> header(String name);

    /** The request body; the handler reads at most its configured limit of it. */
    InputStream body() throws IOException;
}
