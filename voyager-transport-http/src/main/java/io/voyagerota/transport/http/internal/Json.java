package io.voyagerota.transport.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.voyagerota.transport.http.HttpConfig;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The JSON factory, with the request limits as jackson-core {@link StreamReadConstraints}, and the typed field
 * readers every body reader shares. Errors name the field and say what is expected.
 */
public final class Json {
    private final JsonFactory factory;

    /** The device API's JSON, with its limits. */
    public Json(HttpConfig config) {
        this(config.maxJsonDepth(), config.maxJsonStringLength(), config.maxJsonStringLength(),
                config.maxBodyBytes());
    }

    private Json(int depth, int stringLength, int nameLength, int documentLength) {
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(depth)
                .maxStringLength(stringLength)
                .maxNameLength(nameLength)
                .maxNumberLength(40)
                .maxDocumentLength(documentLength)
                .build();
        // Duplicate names are refused: two parsers reading {"status":"FAILED","status":"SUCCESS"} differently
        // is how request smuggling between a proxy and a server starts.
        this.factory = JsonFactory.builder().streamReadConstraints(limits)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }

    /**
     * The admin API's JSON: the same nesting limit, and bodies (and so strings, such as a release's changelog) up to
     * {@link HttpConfig#maxAdminBodyBytes()}.
     */
    public static Json admin(HttpConfig config) {
        return new Json(config.maxJsonDepth(), config.maxAdminBodyBytes(), config.maxJsonStringLength(),
                config.maxAdminBodyBytes());
    }

    public JsonParser parser(byte[] body, int length) throws IOException {
        return factory.createParser(body, 0, length);
    }

    public JsonGenerator generator(OutputStream out) throws IOException {
        return factory.createGenerator(out);
    }

    /** Moves to the body's root object. */
    public static void startObject(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw HttpProblem.of(400, "invalid-json", "the body must be one JSON object, such as"
                    + " {\"product\":\"locker\",…}");
        }
    }

    /** Checks that nothing follows the root object. */
    public static void endOfInput(JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            throw HttpProblem.of(400, "invalid-json", "the body has content after its JSON object; send one object");
        }
    }

    /** A string field's value, or null for JSON null. */
    public static String string(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw HttpProblem.badParameter(field, "JSON field '" + field + "' must be a string, not "
                    + describe(t));
        }
        return p.getText();
    }

    /** An integer field's value within bounds, or {@code absent} for JSON null. */
    public static long integer(JsonParser p, String field, long min, long max, long absent) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return absent;
        }
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw HttpProblem.badParameter(field, "JSON field '" + field + "' must be an integer between " + min
                    + " and " + max + ", not " + (t == JsonToken.VALUE_NUMBER_INT ? "one that large" : describe(t)));
        }
        long value = p.getLongValue();
        if (value < min || value > max) {
            throw HttpProblem.badParameter(field, "JSON field '" + field + "' is " + value + " but must be between "
                    + min + " and " + max);
        }
        return value;
    }

    /** A 400 for a body jackson-core could not read or that broke a limit; the message says which. */
    public static HttpProblem malformed(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        int from = message.indexOf(", from `");
        if (from >= 0) { // drop the pointer into jackson's API: the sender cannot act on it
            int to = message.indexOf('`', from + 8);
            message = message.substring(0, from) + (to < 0 ? "" : message.substring(to + 1));
        }
        return e instanceof StreamConstraintsException
                ? HttpProblem.of(400, "invalid-json", "the JSON body exceeds a limit of this server: " + message)
                : HttpProblem.of(400, "invalid-json", "the body is not valid JSON: " + message);
    }

    public static String describe(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }
}
