package io.voyagerota.server.internal;

import io.voyagerota.InvalidInputException;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in configuration and on the command line. */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");

    private Durations() {
    }

    /** {@code 10s}, {@code 500ms}, {@code 5m}, {@code 1h}, {@code 7d}, a bare number of seconds, or ISO 8601. */
    public static Duration parse(String value) {
        Matcher m = SHORT.matcher(value.strip());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
        }
        try {
            return Duration.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("must be a duration: a number with a unit such as 500ms, 10s, 5m, 1h"
                    + " or 7d, or ISO 8601 such as PT10S");
        }
    }

    /** {@code 10s}, {@code 5m}, {@code 1500ms}: how the configuration spells durations. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 != 0) {
            return ms + "ms";
        }
        long s = d.getSeconds();
        for (long[] unit : new long[][] {{86400, 'd'}, {3600, 'h'}, {60, 'm'}}) {
            if (s != 0 && s % unit[0] == 0) {
                return s / unit[0] + String.valueOf((char) unit[1]);
            }
        }
        return s + "s";
    }
}
