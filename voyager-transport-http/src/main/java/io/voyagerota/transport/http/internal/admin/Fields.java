package io.voyagerota.transport.http.internal.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.voyagerota.transport.http.internal.HttpProblem;
import io.voyagerota.transport.http.internal.Json;
import io.voyagerota.version.Version;
import io.voyagerota.version.VersionFormatException;
import io.voyagerota.wire.WireJson;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Typed readers for the fields of admin request bodies. Every error is a 400 naming the field by its path
 * ({@code plan.stages[1].soak}) and saying what is expected; JSON {@code null} counts as leaving a field out.
 */
final class Fields {
    private Fields() {
    }

    /** Takes one field of an object: returns false for a name it does not know. */
    @FunctionalInterface
    interface Reader {
        boolean read(String name, JsonParser p) throws IOException;
    }

    /** Reads the object the parser stands at, field by field; {@code known} lists the fields for the error. */
    static void object(JsonParser p, String path, String known, Reader reader) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw HttpProblem.badParameter(path, "JSON field '" + path + "' must be an object with the fields "
                    + known + ", not " + WireJson.describe(p.currentToken()));
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (!reader.read(name, p)) {
                String field = path(path, name);
                throw HttpProblem.badParameter(field, "JSON field '" + WireJson.printable(field) + "' is not part"
                        + " of this request; " + (path.isEmpty() ? "the body" : "'" + path + "'") + " takes " + known);
            }
        }
    }

    static String path(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    /** Whether the current value is JSON null, which counts as leaving the field out. */
    static boolean absent(JsonParser p) {
        return p.currentToken() == JsonToken.VALUE_NULL;
    }

    /** A string of 1 to {@code max} characters, not blank; null when absent. */
    static String text(JsonParser p, String field, int max) throws IOException {
        String value = Json.string(p, field);
        if (value != null && (value.isBlank() || value.length() > max)) {
            throw HttpProblem.badParameter(field, "JSON field '" + field + "' must be 1 to " + max
                    + " characters, not blank; it has " + value.length());
        }
        return value;
    }

    /** A string of any length up to the body limit (empty allowed); null when absent. */
    static String anyText(JsonParser p, String field) throws IOException {
        return Json.string(p, field);
    }

    static boolean bool(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw HttpProblem.badParameter(field, "JSON field '" + field + "' must be true or false, not "
                    + WireJson.describe(t));
        }
        return t == JsonToken.VALUE_TRUE;
    }

    /** A whole number between {@code min} and {@code max}; empty when absent. */
    static OptionalLong integer(JsonParser p, String field, long min, long max) throws IOException {
        if (absent(p)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Json.integer(p, field, min, max, min));
    }

    /** A number between {@code min} and {@code max}; null when absent. */
    static BigDecimal number(JsonParser p, String field, BigDecimal min, BigDecimal max) throws IOException {
        if (absent(p)) {
            return null;
        }
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw HttpProblem.badParameter(field, "JSON field '" + field + "' must be a number from "
                    + min.toPlainString() + " to " + max.toPlainString() + ", not " + WireJson.describe(t));
        }
        BigDecimal value = p.getDecimalValue();
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw HttpProblem.badParameter(field, "JSON field '" + field + "' is " + value.toPlainString()
                    + " but must be from " + min.toPlainString() + " to " + max.toPlainString());
        }
        return value;
    }

    /** An array of strings, each 1 to {@code max} characters; null when absent. */
    static List<String> strings(JsonParser p, String field, int max) throws IOException {
        if (absent(p)) {
            return null;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw HttpProblem.badParameter(field, "JSON field '" + field + "' must be an array of strings, not "
                    + WireJson.describe(p.currentToken()));
        }
        List<String> values = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String item = field + "[" + values.size() + "]";
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw HttpProblem.badParameter(item, "JSON field '" + item + "' must be a string, not "
                        + WireJson.describe(p.currentToken()));
            }
            values.add(text(p, item, max));
        }
        return values;
    }

    /** A version written exactly as SemVer 2.0.0 (a release's metadata is never read leniently); null when absent. */
    static Version version(JsonParser p, String field) throws IOException {
        String text = Json.string(p, field);
        if (text == null) {
            return null;
        }
        try {
            return Version.parse(text);
        } catch (VersionFormatException e) {
            throw HttpProblem.badParameter(field, "JSON field '" + field + "': " + e.getMessage());
        }
    }

    /** An RFC 3339 time such as {@code 2030-01-01T00:00:00Z}; null when absent. */
    static Instant instant(JsonParser p, String field) throws IOException {
        String text = Json.string(p, field);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeException e) {
            throw HttpProblem.badParameter(field, "JSON field '" + field + "' is '" + WireJson.printable(text)
                    + "' but must be an RFC 3339 UTC time such as 2030-01-01T00:00:00Z");
        }
    }

    /** A field a request cannot do without. */
    static <T> T required(String field, T value, String what) {
        if (value == null) {
            throw HttpProblem.badParameter(field, "JSON field '" + field + "' is missing: send " + what);
        }
        return value;
    }
}
