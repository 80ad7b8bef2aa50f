package io.voyagerota.storage.fs;

import java.util.Map;

/** Writes the small flat JSON documents of this module; they are read back with core's streaming parser. */
final class Json {
    private Json() {
    }

    /** An object whose values are strings, longs or nested string maps, in the map's iteration order. */
    static String object(Map<String, ?> fields) {
        StringBuilder out = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, ?> field : fields.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            quote(out, field.getKey()).append(':');
            Object value = field.getValue();
            if (value instanceof Long || value instanceof Integer) {
                out.append(value);
            } else if (value instanceof Map<?, ?> nested) {
                out.append(object(castStrings(nested)));
            } else {
                quote(out, String.valueOf(value));
            }
        }
        return out.append('}').toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castStrings(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }

    private static StringBuilder quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
