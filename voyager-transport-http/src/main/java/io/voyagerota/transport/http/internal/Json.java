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
final class Json {
    private final JsonFactory factory;

    Json(HttpConfig config) {
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(config.maxJsonDepth())
                .maxStringLength(config.maxJsonStringLength())
                .maxNameLength(config.maxJsonStringLength())
                .maxNumberLength(40)
                .maxDocumentLength(config.maxBodyBytes())
                .build();
        // Duplicate names are refused: two parsers reading {"status":"FAILED","status":"SUCCESS"} differently
        // is how request smuggling between a proxy and a server starts.
        this.factory = JsonFactory.builder().streamReadConstraints(limits)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }

    JsonParser parser(byte[] body, int length) throws IOException {
        return factory.createParser(body, 0, length);
    }

    JsonGenerator generator(OutputStream out) throws IOException {
        return factory.createGenerator(out);
    }

    /** Moves to the body's root object. */
    static void startObject(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw HttpProblem.of(400, "invalid-json", "the body must be one JSON object, such as"
                    + " {\"product\":\"locker\",…}");
        }
    }

    /** Checks that nothing follows the root object. */
    static void endOfInput(JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            throw HttpProblem.of(400, "invalid-json", "the body has content after its JSON object; send one object");
        }
    }

    /** A string field's value, or null for JSON null. */
    static String string(JsonParser p, String field) throws IOException {
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
    static long integer(JsonParser p, String field, long min, long max, long absent) throws IOException {
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
    static HttpProblem malformed(JsonProcessingException e) {
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

    private static String describe(JsonToken t) {
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
