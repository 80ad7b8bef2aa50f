package io.voyagerota.transport.http.internal;

import io.voyagerota.transport.http.VoyagerRequest;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.VoyagerResponse.Header;
import io.voyagerota.transport.http.ResponseBody;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@code GET {base}/openapi.yaml}: the API's OpenAPI description, {@code docs/openapi.yaml} as the build copied it
 * into the jar. Public, like any API reference: it describes routes, never data.
 */
final class OpenApiDocument {
    /** Where the build puts {@code docs/openapi.yaml}. */
    static final String RESOURCE = "/io/voyagerota/transport/http/openapi.yaml";
    private static final List<Header> HEADERS = List.of(new Header("Content-Type", "application/yaml"),
            new Header("Cache-Control", "no-cache"));

    private volatile byte[] document;

    VoyagerResponse answer(VoyagerRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            throw Requests.methodNotAllowed(request, "GET, HEAD");
        }
        return new VoyagerResponse(200, HEADERS, ResponseBody.of(document()));
    }

    private byte[] document() {
        byte[] bytes = document;
        if (bytes == null) {
            try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the classpath; the build copies it"
                            + " from docs/openapi.yaml");
                }
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + RESOURCE + " failed", e);
            }
            document = bytes;
        }
        return bytes;
    }
}
