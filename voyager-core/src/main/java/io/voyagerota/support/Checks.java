package io.voyagerota.support;

import io.voyagerota.InvalidInputException;

import java.util.Collection;
import java.util.Objects;
import java.util.regex.Pattern;

/** Argument checks that raise {@link InvalidInputException} with a message naming the field. */
public final class Checks {
    private Checks() {
    }

    public static <T> T notNull(T value, String field) {
        return Objects.requireNonNull(value, () -> field + " must not be null");
    }

    public static String matches(String value, Pattern pattern, String field, String allowed) {
        notNull(value, field);
        if (!pattern.matcher(value).matches()) {
            throw new InvalidInputException(field + " \"" + printable(value) + "\" is not valid: " + allowed);
        }
        return value;
    }

    public static long inRange(long value, long min, long max, String field) {
        if (value < min || value > max) {
            throw new InvalidInputException(field + " is " + value + " but must be between " + min + " and " + max);
        }
        return value;
    }

    public static <C extends Collection<?>> C noNulls(C values, String field) {
        notNull(values, field);
        for (Object v : values) {
            if (v == null) {
                throw new InvalidInputException(field + " must not contain null");
            }
        }
        return values;
    }

    /** Shortens and escapes a value so it can be quoted in an error message without flooding a log. */
    public static String printable(String value) {
        StringBuilder out = new StringBuilder();
        int limit = Math.min(value.length(), 80);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (value.length() > limit) {
            out.append("…");
        }
        return out.toString();
    }
}
