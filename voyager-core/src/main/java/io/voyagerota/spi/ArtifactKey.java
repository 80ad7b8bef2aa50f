package io.voyagerota.spi;

import io.voyagerota.support.Checks;

import java.util.regex.Pattern;

/**
 * The name of a stored artifact: slash-separated segments of letters, digits, '.', '_' and '-', none of them
 * {@code .} or {@code ..}. Being this strict is what makes path traversal impossible in every storage adapter.
 */
public record ArtifactKey(String value) {
    private static final Pattern SEGMENTS = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}(/[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}){0,15}");

    public ArtifactKey {
        Checks.matches(value, SEGMENTS, "artifact key", "slash-separated segments of letters, digits, '.', '_'"
                + " and '-', each starting with a letter, digit, '_' or '-', at most 16 segments of 128 characters");
        Checks.inRange(value.length(), 1, 1024, "artifact key length");
    }

    public static ArtifactKey of(String value) {
        return new ArtifactKey(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
