package io.voyagerota.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.voyagerota.support.Checks;
import io.voyagerota.version.Version;
import io.voyagerota.version.VersionFormatException;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A JSON factory with {@link WireLimits} enforced while parsing, and the typed field readers that every message
 * reader shares. Thread-safe. Errors are {@link WireFormatException}s that name the field and say what is expected.
 */
public final class WireJson {
    private final JsonFactory factory;
    private final WireLimits limits;

    public WireJson(WireLimits limits) {
        this.limits = Checks.notNull(limits, "limits");
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxDepth())
                .maxStringLength(limits.maxStringLength())
                .maxNameLength(limits.maxStringLength())
                .maxNumberLength(40)
                .maxDocumentLength(limits.maxBytes())
                .build();
        // Duplicate names are refused: two parsers reading {"status":"FAILED","status":"SUCCESS"} differently
        // is how request smuggling between a proxy and a server starts.
        this.factory = JsonFactory.builder().streamReadConstraints(constraints)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }

    /** A reader with {@link WireLimits#defaults()}. */
    public static WireJson defaults() {
        return new WireJson(WireLimits.defaults());
    }

    public WireLimits limits() {
        return limits;
    }

    public JsonParser parser(byte[] body, int offset, int length) throws IOException {
        return factory.createParser(body, offset, length);
    }

    public JsonGenerator generator(OutputStream out) throws IOException {
        return factory.createGenerator(out);
    }

    /** Moves to the message's root object. */
    public static void startObject(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw WireFormatException.malformed("the body must be one JSON object, such as {\"product\":\"locker\",…}");
        }
    }

    /** Checks that nothing follows the root object. */
    public static void endOfInput(JsonParser p) throws IOException {
        if (p.nextToken() != null) {
            throw WireFormatException.malformed("the body has content after its JSON object; send one object");
        }
    }

    /** The value of a string field the parser stands on; empty for JSON null. */
    public static Optional<String> string(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return Optional.empty();
        }
        if (t != JsonToken.VALUE_STRING) {
            throw WireFormatException.field(field, "JSON field '" + field + "' must be a string, not " + describe(t));
        }
        return Optional.of(p.getText());
    }

    /** The value of an integer field the parser stands on, within bounds; empty for JSON null. */
    public static OptionalLong integer(JsonParser p, String field, long min, long max) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return OptionalLong.empty();
        }
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw WireFormatException.field(field, "JSON field '" + field + "' must be an integer between " + min
                    + " and " + max + ", not " + (t == JsonToken.VALUE_NUMBER_INT ? "one that large" : describe(t)));
        }
        long value = p.getLongValue();
        if (value < min || value > max) {
            throw WireFormatException.field(field, "JSON field '" + field + "' is " + value + " but must be between "
                    + min + " and " + max);
        }
        return OptionalLong.of(value);
    }

    /** A required string field's value; missing or blank is an error saying what to send. */
    public static String required(String field, Optional<String> value, String what) {
        if (value.isEmpty() || value.get().isBlank()) {
            throw WireFormatException.field(field, "JSON field '" + field + "' is " + (value.isEmpty() ? "missing"
                    : "empty") + ": send " + what);
        }
        return value.get();
    }

    /** A required version field, read leniently as devices send it ({@code v1.4}, {@code 01.04.01}). */
    public static Version version(String field, Optional<String> text) {
        String value = required(field, text, "a version such as 1.4.2");
        try {
            return Version.parseLenient(value);
        } catch (VersionFormatException e) {
            throw WireFormatException.field(field, "JSON field '" + field + "': " + e.getMessage());
        }
    }

    /** The error for input jackson-core could not read or that broke a limit; the message says which. */
    public static WireFormatException malformed(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        int from = message.indexOf(", from `");
        if (from >= 0) { // drop the pointer into jackson's API: the sender cannot act on it
            int to = message.indexOf('`', from + 8);
            message = message.substring(0, from) + (to < 0 ? "" : message.substring(to + 1));
        }
        return WireFormatException.malformed(e instanceof StreamConstraintsException
                ? "the JSON body exceeds a limit of this server: " + message
                : "the body is not valid JSON: " + message);
    }

    /** The error for input that could not be read at all. */
    public static WireFormatException unreadable(IOException e) {
        return e instanceof JsonProcessingException j ? malformed(j)
                : WireFormatException.malformed("the body could not be read: " + e.getMessage());
    }

    /** How a token is named in an error: "an object", "a string". */
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

    /** The value of text that is plain decimal digits (at most 18, so it never overflows), or -1. */
    public static long decimal(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** At most 64 characters of a value quoted back in an error, control characters shown as {@code ?}. */
    public static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length() && i < 64; i++) {
            char c = value.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return value.length() > 64 ? out.append('…').toString() : out.toString();
    }
}
