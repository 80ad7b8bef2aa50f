package io.voyagerota.transport.http.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import io.voyagerota.VoyagerException;
import io.voyagerota.transport.http.HttpConfig;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.VoyagerResponse.Header;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * RFC 9457 problem details: {@code application/problem+json} with {@code type}, {@code title}, {@code status},
 * {@code detail} (what to fix) and {@code instance} (the request path, never its query, which may hold a link's
 * signature), plus {@code code} (the last segment of {@code type}, for devices that compare short strings) and, for
 * a bad parameter, {@code parameter}.
 */
public final class Problems {
    static final String TYPE_BASE = "https://voyagerota.io/problems/";
    static final Header CONTENT_TYPE = new Header("Content-Type", "application/problem+json");
    static final Header NO_STORE = new Header("Cache-Control", "no-store");

    private static final Json PLAIN = new Json(HttpConfig.defaults());

    private Problems() {
    }

    /**
     * A problem answered by an adapter before or instead of the handler (a request its codec refused, a handler that
     * threw); {@code instance} is the request's raw path.
     */
    public static VoyagerResponse response(HttpProblem problem, String instance) {
        return response(PLAIN, problem, instance);
    }

    /** The problem for an error Voyager's core raised, by its stable {@link VoyagerException#code()}. */
    public static HttpProblem of(VoyagerException e) {
        int status = switch (e.code()) {
            case "invalid-input", "invalid-version", "no-version-code", "invalid-key", "invalid-signature" -> 400;
            case "invalid-report" -> 422;
            case "not-found" -> 404;
            case "conflict", "illegal-transition", "concurrent-update", "non-monotonic-version" -> 409;
            case "artifact-too-large" -> 413;
            default -> 500;
        };
        return HttpProblem.of(status, e.code(), e.getMessage());
    }

    static VoyagerResponse response(Json json, HttpProblem problem, String instance) {
        ByteSink sink = new ByteSink(512);
        try (JsonGenerator g = json.generator(sink)) {
            g.writeStartObject();
            g.writeStringField("type", TYPE_BASE + problem.code());
            g.writeStringField("title", title(problem.code(), problem.status()));
            g.writeNumberField("status", problem.status());
            g.writeStringField("detail", problem.detail());
            g.writeStringField("instance", instance);
            g.writeStringField("code", problem.code());
            Optional<String> parameter = problem.parameter();
            if (parameter.isPresent()) {
                g.writeStringField("parameter", parameter.get());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        List<Header> headers = new ArrayList<>(problem.headers().size() + 2);
        headers.add(CONTENT_TYPE);
        headers.add(NO_STORE);
        headers.addAll(problem.headers());
        return new VoyagerResponse(problem.status(), headers, sink.toBody());
    }

    static String title(String code, int status) {
        return switch (code) {
            case "invalid-parameter" -> "Invalid parameter";
            case "invalid-json" -> "Malformed JSON body";
            case "invalid-input" -> "Invalid input";
            case "invalid-version" -> "Invalid version";
            case "invalid-report" -> "Invalid report";
            case "invalid-key" -> "Invalid key";
            case "invalid-signature" -> "Invalid signature";
            case "unauthorized" -> "Missing or invalid credential";
            case "invalid-link" -> "Invalid download link";
            case "release-revoked" -> "Release revoked";
            case "not-found" -> "Not found";
            case "method-not-allowed" -> "Method not allowed";
            case "body-too-large" -> "Request body too large";
            case "artifact-too-large" -> "Artifact too large";
            case "invalid-multipart" -> "Malformed multipart body";
            case "incomplete-body" -> "Incomplete request body";
            case "unsupported-media-type" -> "Unsupported media type";
            case "range-not-satisfiable" -> "Range not satisfiable";
            case "uri-too-long" -> "URI too long";
            case "header-too-large" -> "Request header too large";
            case "internal-error" -> "Internal server error";
            default -> status == 409 ? "Conflict" : status >= 500 ? "Server error" : "Request refused";
        };
    }
}
