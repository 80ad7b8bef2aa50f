package io.voyagerota.transport.http;

import java.util.List;
import java.util.Optional;

/**
 * What the handler answers: a status, headers and a body. The adapter sends the status and headers, then
 * {@code Content-Length} from {@link ResponseBody#length()} and the body — except for a {@code HEAD} request, where
 * it sends the length but no body, and for 204 and 304, which have neither.
 *
 * @param headers in the order they are sent; {@code Content-Length} is never among them
 */
public record VoyagerResponse(int status, List<Header> headers, ResponseBody body) {
    public VoyagerResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status " + status + " is not between 100 and 599");
        }
        headers = List.copyOf(headers);
        if (body == null) {
            throw new IllegalArgumentException("body must not be null; use ResponseBody.empty()");
        }
    }

    /** The first value of a header, matched case-insensitively. */
    public Optional<String> header(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return Optional.of(h.value());
            }
        }
        return Optional.empty();
    }

    /** One response header. */
    public record Header(String name, String value) {
        public Header {
            if (name == null || name.isEmpty() || value == null) {
                throw new IllegalArgumentException("a header needs a name and a value");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                // CR or LF in a value would let whoever controls it inject headers of their own.
                if (c == '\r' || c == '\n' || c > 0xff) {
                    throw new IllegalArgumentException("header " + name + " has a character that cannot be sent");
                }
            }
        }
    }
}
