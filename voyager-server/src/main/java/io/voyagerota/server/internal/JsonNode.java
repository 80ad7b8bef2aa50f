package io.voyagerota.server.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON value read with jackson-core's streaming parser, for showing the admin API's answers to people. Looking up
 * a field that is absent gives {@link #missing()} rather than null, so chains such as
 * {@code release.get("artifact").get("size")} never fail.
 */
public final class JsonNode {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNode MISSING = new JsonNode(null);
    private final Object value; // Map, List, String, Number, Boolean, Null.NULL, or null when missing

    private enum Null { NULL }

    private JsonNode(Object value) {
        this.value = value;
    }

    public static JsonNode missing() {
        return MISSING;
    }

    /** Parses one JSON value; malformed text gives an {@link IllegalArgumentException}. */
    public static JsonNode parse(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new IllegalArgumentException("empty JSON text");
            }
            return new JsonNode(read(p));
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    private static Object read(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, read(p));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(p));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return p.getNumberValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            default -> {
                return Null.NULL;
            }
        }
    }

    /** The field of an object; {@link #missing()} when absent or when this is not an object. */
    public JsonNode get(String field) {
        if (value instanceof Map<?, ?> map && map.containsKey(field)) {
            return new JsonNode(map.get(field));
        }
        return MISSING;
    }

    /** The elements of an array; empty when this is not one. */
    public List<JsonNode> items() {
        if (value instanceof List<?> list) {
            List<JsonNode> nodes = new ArrayList<>(list.size());
            list.forEach(v -> nodes.add(new JsonNode(v)));
            return nodes;
        }
        return List.of();
    }

    /** The fields of an object in their order; empty when this is not one. */
    public Map<String, JsonNode> fields() {
        if (value instanceof Map<?, ?> map) {
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            map.forEach((k, v) -> fields.put((String) k, new JsonNode(v)));
            return Collections.unmodifiableMap(fields);
        }
        return Map.of();
    }

    public boolean isMissing() {
        return value == null;
    }

    /** Present and not JSON null. */
    public boolean isPresent() {
        return value != null && value != Null.NULL;
    }

    /** A string, number or boolean as text; empty for anything else. */
    public Optional<String> text() {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return Optional.of(value.toString());
        }
        return Optional.empty();
    }

    /** The text, or {@code fallback}. */
    public String text(String fallback) {
        return text().orElse(fallback);
    }

    public Optional<Long> asLong() {
        return value instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
    }

    public Optional<Double> asDouble() {
        return value instanceof Number n ? Optional.of(n.doubleValue()) : Optional.empty();
    }

    public boolean asBoolean() {
        return Boolean.TRUE.equals(value);
    }

    /** Writes a JSON object with a generator: the request bodies of the admin API. */
    public static String object(JsonWriter body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes fields into an object being generated. */
    @FunctionalInterface
    public interface JsonWriter {
        void write(JsonGenerator g) throws IOException;
    }

    @Override
    public String toString() {
        return value == null ? "(missing)" : String.valueOf(value);
    }
}
