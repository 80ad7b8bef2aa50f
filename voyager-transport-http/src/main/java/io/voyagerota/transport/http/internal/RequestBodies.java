package io.voyagerota.transport.http.internal;

import io.voyagerota.transport.http.VoyagerRequest;
import io.voyagerota.wire.WireJson;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Reads request bodies up to a limit, and checks that they are declared as JSON. */
public final class RequestBodies {
    private RequestBodies() {
    }

    /** A body read into memory: the first {@code length} bytes of {@code bytes}. */
    public record Body(byte[] bytes, int length) {
    }

    /** Reads the whole body, refusing one longer than {@code limit} with 413 before or while reading it. */
    public static Body read(VoyagerRequest request, int limit) {
        Optional<String> declared = request.header("Content-Length");
        long length = -1;
        if (declared.isPresent()) {
            length = UriText.nonNegative(declared.get().trim());
            if (length < 0) {
                throw HttpProblem.of(400, "invalid-parameter", "the Content-Length header is not a number of bytes");
            }
            if (length > limit) {
                throw tooLarge(limit);
            }
        }
        byte[] buf = new byte[(int) (length >= 0 ? length + 1 : Math.min(limit + 1, 1024))];
        int count = 0;
        try {
            InputStream in = request.body();
            while (true) {
                if (count == buf.length) {
                    if (count > limit) {
                        throw tooLarge(limit);
                    }
                    buf = Arrays.copyOf(buf, Math.min(limit + 1, buf.length * 2));
                }
                int n = in.read(buf, count, buf.length - count);
                if (n < 0) {
                    break;
                }
                count += n;
            }
        } catch (IOException e) {
            throw HttpProblem.of(400, "invalid-input", "the request body could not be read completely: "
                    + e.getMessage());
        }
        if (count > limit) {
            throw tooLarge(limit);
        }
        return new Body(buf, count);
    }

    /** Refuses a body declared as something other than JSON; a missing Content-Type is taken as JSON. */
    public static void requireJson(VoyagerRequest request) {
        Optional<String> type = request.header("Content-Type");
        if (type.isEmpty()) {
            return;
        }
        String t = type.get();
        int semicolon = t.indexOf(';');
        String media = (semicolon < 0 ? t : t.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json") && !media.endsWith("+json")) {
            throw HttpProblem.of(415, "unsupported-media-type", "the body is declared as '"
                    + WireJson.printable(media) + "'; send JSON with 'Content-Type: application/json'");
        }
    }

    private static HttpProblem tooLarge(int limit) {
        return HttpProblem.of(413, "body-too-large", "the request body is larger than this server's limit of "
                + limit + " bytes; send only the documented fields");
    }
}
