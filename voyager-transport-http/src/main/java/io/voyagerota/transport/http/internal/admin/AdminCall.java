package io.voyagerota.transport.http.internal.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.voyagerota.transport.http.HttpConfig;
import io.voyagerota.transport.http.ResponseBody;
import io.voyagerota.transport.http.VoyagerRequest;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.VoyagerResponse.Header;
import io.voyagerota.transport.http.internal.ByteSink;
import io.voyagerota.transport.http.internal.HttpProblem;
import io.voyagerota.transport.http.internal.Json;
import io.voyagerota.transport.http.internal.RequestBodies;
import io.voyagerota.transport.http.internal.Requests;
import io.voyagerota.transport.http.internal.UriText;
import io.voyagerota.wire.WireJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** One admin request matched to its route: path parameters, query parameters, the JSON body and the answer. */
final class AdminCall {
    private static final Header JSON = new Header("Content-Type", "application/json");
    // Admin answers carry the operator's data: no cache may keep them.
    private static final Header NO_STORE = new Header("Cache-Control", "no-store");

    /** Writes a JSON answer's body. */
    @FunctionalInterface
    interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    private final VoyagerRequest request;
    private final Json json;
    private final HttpConfig config;
    private final String[] template;
    private final String[] segments;
    private final String principal;

    AdminCall(VoyagerRequest request, Json json, HttpConfig config, String[] template, String[] segments,
              String principal) {
        this.principal = principal;
        this.request = request;
        this.json = json;
        this.config = config;
        this.template = template;
        this.segments = segments;
    }

    /** The name of the admin who made the request, for records such as a discard. */
    String principal() {
        return principal;
    }

    VoyagerRequest request() {
        return request;
    }

    HttpConfig config() {
        return config;
    }

    /** The path parameter {@code {name}} of the route, decoded and checked. */
    String param(String name) {
        String placeholder = "{" + name + "}";
        for (int i = 0; i < template.length; i++) {
            if (template[i].equals(placeholder)) {
                return AdminRouter.decodeId(name, segments[i]);
            }
        }
        throw new IllegalArgumentException("the route has no parameter " + name);
    }

    /**
     * A query parameter's decoded value, or null when absent. Parameters other than {@code known} are refused, so a
     * misspelt one does not silently do nothing.
     */
    String query(String name, Set<String> known) {
        String query = Requests.query(request, config);
        List<String> seen = new ArrayList<>();
        for (String pair : query.isEmpty() ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (!key.isEmpty() && !known.contains(key)) {
                throw HttpProblem.badParameter(key, "query parameter '" + WireJson.printable(key) + "' is not"
                        + " known here; this route takes " + String.join(", ", known.stream().sorted().toList()));
            }
            seen.add(key);
        }
        if (!seen.contains(name)) {
            return null;
        }
        try {
            return UriText.param(query, name);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badParameter(name, "query parameter '" + name + "' is not properly encoded: "
                    + e.getMessage());
        }
    }

    /** A whole-number query parameter between {@code min} and {@code max}, or {@code absent}. */
    int intQuery(String name, Set<String> known, int min, int max, int absent) {
        String text = query(name, known);
        if (text == null) {
            return absent;
        }
        long value = UriText.nonNegative(text);
        if (value < min || value > max) {
            throw HttpProblem.badParameter(name, "query parameter '" + name + "' is '" + WireJson.printable(text)
                    + "' but must be a whole number from " + min + " to " + max);
        }
        return (int) value;
    }

    /**
     * Reads the body, one JSON object, field by field through {@code reader}; a field it does not take is refused
     * with 400 naming it, and {@code known} lists the fields it does take.
     *
     * @param emptyIsObject whether an empty body counts as {@code {}} (for routes whose fields are all optional)
     */
    void readBody(String known, Fields.Reader reader, boolean emptyIsObject) {
        RequestBodies.requireJson(request);
        RequestBodies.Body body = RequestBodies.read(request, config.maxAdminBodyBytes());
        if (emptyIsObject && body.length() == 0) {
            return;
        }
        try (JsonParser p = json.parser(body.bytes(), body.length())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw HttpProblem.of(400, "invalid-json", "the body must be one JSON object with the fields " + known);
            }
            Fields.object(p, "", known, reader);
            Json.endOfInput(p);
        } catch (JsonProcessingException e) {
            throw Json.malformed(e);
        } catch (IOException e) {
            throw HttpProblem.of(400, "invalid-json", "the body could not be read: " + e.getMessage());
        }
    }

    /** A JSON answer with {@code status} and any extra headers. */
    VoyagerResponse answer(int status, Writer writer, Header... extra) {
        ByteSink sink = new ByteSink(1024);
        try (JsonGenerator g = json.generator(sink)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        List<Header> headers = new ArrayList<>(List.of(JSON, NO_STORE));
        headers.addAll(List.of(extra));
        return new VoyagerResponse(status, headers, sink.toBody());
    }

    /** Writes one item of a list. */
    @FunctionalInterface
    interface ItemWriter<T> {
        void write(JsonGenerator g, T item) throws IOException;
    }

    /** A 200 answer {@code {"<field>":[…]}}, each item written by {@code writer}. */
    <T> VoyagerResponse okList(String field, List<T> items, ItemWriter<T> writer) {
        return ok(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart(field);
            for (T item : items) {
                writer.write(g, item);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** A 204 answer: done, nothing to say. */
    VoyagerResponse noContent() {
        return new VoyagerResponse(204, List.of(NO_STORE), ResponseBody.empty());
    }

    /** A 200 JSON answer. */
    VoyagerResponse ok(Writer writer) {
        return answer(200, writer);
    }

    /** A 201 JSON answer for a created object, with its {@code Location} below the base path. */
    VoyagerResponse created(String location, Writer writer) {
        return answer(201, writer, new Header("Location", config.basePath() + location));
    }
}
