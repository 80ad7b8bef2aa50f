package io.voyagerota.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the top-level fields of a JSON object in order, each as its text ({@code …} for an object or array). */
public final class FlatJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private FlatJson() {
    }

    public static Map<String, String> fields(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new AssertionError("not a JSON object: " + json);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                out.put(name, p.currentToken().isStructStart() ? "…" : p.getText());
                p.skipChildren();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
