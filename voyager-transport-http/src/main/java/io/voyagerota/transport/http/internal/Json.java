package io.voyagerota.transport.http.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.voyagerota.transport.http.HttpConfig;
import io.voyagerota.wire.WireFormatException;
import io.voyagerota.wire.WireJson;
import io.voyagerota.wire.WireLimits;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The shared {@link WireJson} with the request limits of {@link HttpConfig}, and its field readers with their
 * errors turned into 400 problems: {@code invalid-parameter} naming the field, or {@code invalid-json}.
 */
public final class Json {
    private final WireJson wire;

    /** The device API's JSON, with its limits. */
    public Json(HttpConfig config) {
        this(new WireLimits(config.maxJsonDepth(), config.maxJsonStringLength(), config.maxBodyBytes()));
    }

    private Json(WireLimits limits) {
        this.wire = new WireJson(limits);
    }

    /**
     * The admin API's JSON: the same nesting limit, and bodies (and so strings, such as a release's changelog) up to
     * {@link HttpConfig#maxAdminBodyBytes()}.
     */
    public static Json admin(HttpConfig config) {
        return new Json(new WireLimits(config.maxJsonDepth(), Math.min(config.maxAdminBodyBytes(), 1024 * 1024),
                config.maxAdminBodyBytes()));
    }

    WireJson wire() {
        return wire;
    }

    public JsonParser parser(byte[] body, int length) throws IOException {
        return wire.parser(body, 0, length);
    }

    public JsonGenerator generator(OutputStream out) throws IOException {
        return wire.generator(out);
    }

    /** Moves to the body's root object. */
    static void startObject(JsonParser p) throws IOException {
        try {
            WireJson.startObject(p);
        } catch (WireFormatException e) {
            throw problem(e);
        }
    }

    /** Checks that nothing follows the root object. */
    public static void endOfInput(JsonParser p) throws IOException {
        try {
            WireJson.endOfInput(p);
        } catch (WireFormatException e) {
            throw problem(e);
        }
    }

    /** A string field's value, or null for JSON null. */
    public static String string(JsonParser p, String field) throws IOException {
        try {
            return WireJson.string(p, field).orElse(null);
        } catch (WireFormatException e) {
            throw problem(e);
        }
    }

    /** An integer field's value within bounds, or {@code absent} for JSON null. */
    public static long integer(JsonParser p, String field, long min, long max, long absent) throws IOException {
        try {
            return WireJson.integer(p, field, min, max).orElse(absent);
        } catch (WireFormatException e) {
            throw problem(e);
        }
    }

    /** A 400 for a body jackson-core could not read or that broke a limit; the message says which. */
    public static HttpProblem malformed(JsonProcessingException e) {
        return problem(WireJson.malformed(e));
    }

    /** Runs a read of the wire codec, turning its format errors into 400 problems. */
    static <T> T read(java.util.function.Supplier<T> reading) {
        try {
            return reading.get();
        } catch (WireFormatException e) {
            throw problem(e);
        }
    }

    /** The 400 for a wire format error: {@code invalid-parameter} naming the field, or {@code invalid-json}. */
    static HttpProblem problem(WireFormatException e) {
        return e.field().isPresent() ? HttpProblem.badParameter(e.field().get(), e.getMessage())
                : HttpProblem.of(400, "invalid-json", e.getMessage());
    }
}
