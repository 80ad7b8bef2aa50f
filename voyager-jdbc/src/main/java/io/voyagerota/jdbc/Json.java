package io.voyagerota.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON text columns, written and read with jackson-core's streaming API (no data binding). Reading goes through
 * a small tree of maps, lists, strings, numbers and booleans, which keeps each decoder a plain walk over named
 * fields.
 */
final class Json {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** Writes one JSON value. */
    @FunctionalInterface
    interface Writer {
        void write(JsonGenerator generator) throws IOException;
    }

    private Json() {
    }

    static String write(Writer writer) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            writer.write(generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    static void writeStrings(JsonGenerator g, Iterable<String> values) throws IOException {
        g.writeStartArray();
        for (String value : values) {
            g.writeString(value);
        }
        g.writeEndArray();
    }

    /** Turns a parsed tree into a domain value. */
    @FunctionalInterface
    interface Decoder<T> {
        T decode(Object tree);
    }

    /**
     * Parses a document this module wrote and decodes it.
     *
     * @throws SQLException (SQLState 22000) if the column does not hold such a document, so that it surfaces as a
     *                      database error naming the column rather than as a parser or domain exception
     */
    static <T> T parse(String column, String text, Decoder<T> decoder) throws SQLException {
        try (JsonParser parser = FACTORY.createParser(text)) {
            Object value = read(parser, parser.nextToken());
            if (parser.nextToken() != null) {
                throw new IOException("trailing content after the JSON value");
            }
            return decoder.decode(value);
        } catch (IOException | RuntimeException e) {
            throw new SQLException("column " + column + " does not hold the JSON this library writes: "
                    + e.getMessage(), "22000", e);
        }
    }

    private static Object read(JsonParser p, JsonToken token) throws IOException {
        if (token == null) {
            throw new IOException("no JSON value");
        }
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    map.put(name, read(p, p.nextToken()));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    list.add(read(p, t));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IOException("unexpected JSON token " + token);
        }
    }

    // ---- typed access to a parsed tree; a wrong shape fails with a ClassCastException that parse callers wrap

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value) {
        return (Map<String, Object>) cast(value, Map.class);
    }

    @SuppressWarnings("unchecked")
    static List<Object> array(Object value) {
        return (List<Object>) cast(value, List.class);
    }

    static String string(Map<String, Object> object, String field) {
        return (String) cast(object.get(field), String.class);
    }

    static long number(Map<String, Object> object, String field) {
        return ((Number) cast(object.get(field), Number.class)).longValue();
    }

    static double decimal(Map<String, Object> object, String field) {
        return ((Number) cast(object.get(field), Number.class)).doubleValue();
    }

    static boolean bool(Map<String, Object> object, String field) {
        return (Boolean) cast(object.get(field), Boolean.class);
    }

    static List<String> strings(Object value) {
        List<String> out = new ArrayList<>();
        for (Object item : array(value)) {
            out.add((String) cast(item, String.class));
        }
        return out;
    }

    private static Object cast(Object value, Class<?> type) {
        if (!type.isInstance(value)) {
            throw new IllegalStateException("expected " + type.getSimpleName() + " but found "
                    + (value == null ? "nothing" : value.getClass().getSimpleName()));
        }
        return value;
    }
}
