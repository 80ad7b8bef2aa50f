package io.voyagerota.version;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates versions for property tests, biased towards what breaks version orderings: zeros, numbers near
 * {@link Long#MAX_VALUE} and at byte and code boundaries, identifiers that are prefixes of each other, numeric versus
 * alphanumeric identifiers ({@code 1} against {@code 1a}), hyphens, upper case, build metadata, and a small alphabet so
 * that equal versions come up often.
 */
final class VersionGenerator {
    /** A version as parts, with its canonical text built here, independently of {@link Version}. */
    record Spec(long major, long minor, long patch, List<String> prerelease, List<String> build) {
        Spec {
            prerelease = List.copyOf(prerelease);
            build = List.copyOf(build);
        }

        String text() {
            String text = major + "." + minor + "." + patch;
            if (!prerelease.isEmpty()) {
                text += "-" + String.join(".", prerelease);
            }
            if (!build.isEmpty()) {
                text += "+" + String.join(".", build);
            }
            return text;
        }

        Version parse() {
            return Version.parse(text());
        }
    }

    private static final String[] ALPHANUMERIC = {
        "alpha", "alpha1", "alpha-1", "alpha0", "alphA", "Alpha", "beta", "rc", "RC", "-", "--", "-1", "a", "A", "z",
        "Z", "1a", "0a", "a1", "00a", "9-", "x-y-z", "0-0", "11a", "1A"};
    private static final String[] SMALL_PRERELEASE = {"0", "1", "2", "10", "a", "alpha", "alpha1", "b", "-", "1a", "A"};
    private static final String[] SMALL_BUILD = {"b1", "001", "x", "sha-5114f85"};
    private static final String IDENTIFIER_CHARS = "0123456789abcxyzABCXYZ-";
    private static final long[] BOUNDARIES = {
        9, 10, 99, 100, 255, 256, 65_535, 65_536, (1L << 24) - 1, 1L << 24, (1L << 32) - 1, 1L << 32,
        (1L << 56) - 1, 1L << 56, 99_999, 100_000, 922_337_202, 922_337_203, Long.MAX_VALUE / 10, Long.MAX_VALUE};

    private VersionGenerator() {
    }

    /** Any valid version: a mix of wide, small-alphabet and maximal-length ones. */
    static Spec any(SplittableRandom random) {
        int mode = random.nextInt(20);
        if (mode < 7) {
            return small(random);
        }
        if (mode == 7) {
            return maximal(random);
        }
        return wide(random);
    }

    /** From a tiny alphabet, so that equal versions, equal but for build metadata, and near neighbours are common. */
    static Spec small(SplittableRandom random) {
        List<String> prerelease = new ArrayList<>();
        int identifiers = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(3);
        for (int i = 0; i < identifiers; i++) {
            prerelease.add(pick(random, SMALL_PRERELEASE));
        }
        List<String> build = new ArrayList<>();
        for (int i = random.nextInt(3) == 0 ? 1 + random.nextInt(2) : 0; i > 0; i--) {
            build.add(pick(random, SMALL_BUILD));
        }
        return new Spec(random.nextInt(3), random.nextInt(3), random.nextInt(3), prerelease, build);
    }

    /** Edge-biased numbers and identifiers of every kind. */
    static Spec wide(SplittableRandom random) {
        List<String> prerelease = new ArrayList<>();
        int identifiers = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(5);
        for (int i = 0; i < identifiers; i++) {
            prerelease.add(random.nextBoolean() ? Long.toString(number(random)) : alphanumeric(random));
        }
        List<String> build = new ArrayList<>();
        for (int i = random.nextInt(4) == 0 ? 1 + random.nextInt(3) : 0; i > 0; i--) {
            build.add(buildIdentifier(random));
        }
        return new Spec(number(random), number(random), number(random), prerelease, build);
    }

    /** As long as {@link Version#MAX_LENGTH} allows, with many tiny prerelease identifiers: the longest sort keys. */
    static Spec maximal(SplittableRandom random) {
        List<String> prerelease = new ArrayList<>();
        int length = "1.1.1-".length() - 1;
        while (length + 2 <= Version.MAX_LENGTH) {
            String identifier = random.nextInt(4) == 0 ? Integer.toString(random.nextInt(10))
                    : String.valueOf(IDENTIFIER_CHARS.charAt(10 + random.nextInt(IDENTIFIER_CHARS.length() - 10)));
            prerelease.add(identifier);
            length += 2;
        }
        return new Spec(1, 1, 1, prerelease, List.of());
    }

    /** A release that has a {@link Version#code()}, sometimes at the bounds, sometimes with build metadata. */
    static Spec withCode(SplittableRandom random) {
        List<String> build = random.nextInt(4) == 0 ? List.of(buildIdentifier(random)) : List.of();
        return new Spec(codeComponent(random, Version.MAX_CODE_MAJOR), codeComponent(random, Version.MAX_CODE_MINOR),
                codeComponent(random, Version.MAX_CODE_PATCH), List.of(), build);
    }

    /** A near neighbour of {@code spec}: one small change, or none but the build metadata. */
    static Spec neighbour(SplittableRandom random, Spec spec) {
        List<String> prerelease = new ArrayList<>(spec.prerelease());
        long major = spec.major();
        long minor = spec.minor();
        long patch = spec.patch();
        List<String> build = spec.build();
        switch (random.nextInt(7)) {
            case 0 -> build = build.isEmpty() ? List.of(buildIdentifier(random)) : List.of();
            case 1 -> major = nudge(random, major);
            case 2 -> minor = nudge(random, minor);
            case 3 -> patch = nudge(random, patch);
            case 4 -> prerelease.add(random.nextBoolean() ? "1" : pick(random, ALPHANUMERIC));
            case 5 -> {
                if (!prerelease.isEmpty()) {
                    prerelease.remove(prerelease.size() - 1);
                }
            }
            default -> {
                if (!prerelease.isEmpty()) {
                    int at = random.nextInt(prerelease.size());
                    prerelease.set(at, nudge(random, prerelease.get(at)));
                }
            }
        }
        Spec neighbour = new Spec(major, minor, patch, prerelease, build);
        return neighbour.text().length() <= Version.MAX_LENGTH ? neighbour : spec;
    }

    static long number(SplittableRandom random) {
        return switch (random.nextInt(10)) {
            case 0 -> 0;
            case 1 -> 1 + random.nextInt(9);
            case 2 -> Long.MAX_VALUE - random.nextInt(3);
            case 3 -> BOUNDARIES[random.nextInt(BOUNDARIES.length)] - random.nextInt(2);
            case 4 -> pow10(1 + random.nextInt(18)) + random.nextInt(3) - 1;
            case 5 -> random.nextLong(Long.MAX_VALUE);
            default -> random.nextInt(100);
        };
    }

    static String alphanumeric(SplittableRandom random) {
        if (random.nextBoolean()) {
            return pick(random, ALPHANUMERIC);
        }
        StringBuilder identifier = new StringBuilder();
        for (int i = 1 + random.nextInt(8); i > 0; i--) {
            identifier.append(IDENTIFIER_CHARS.charAt(random.nextInt(IDENTIFIER_CHARS.length())));
        }
        if (VersionParser.isNumeric(identifier.toString())) {
            // All digits would make it numeric: put one non-digit in so it stays alphanumeric.
            identifier.setCharAt(random.nextInt(identifier.length()), "a-Z".charAt(random.nextInt(3)));
        }
        return identifier.toString();
    }

    /** Build identifiers are free-form: leading zeros and all-digit ones are allowed and must not matter. */
    static String buildIdentifier(SplittableRandom random) {
        StringBuilder identifier = new StringBuilder();
        for (int i = 1 + random.nextInt(10); i > 0; i--) {
            identifier.append(IDENTIFIER_CHARS.charAt(random.nextInt(IDENTIFIER_CHARS.length())));
        }
        return identifier.toString();
    }

    static <T> T pick(SplittableRandom random, T[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static long codeComponent(SplittableRandom random, long max) {
        return switch (random.nextInt(5)) {
            case 0 -> max - random.nextInt(2);
            case 1 -> random.nextInt(2);
            case 2 -> random.nextLong(max + 1);
            default -> random.nextInt(20);
        };
    }

    private static long nudge(SplittableRandom random, long value) {
        if (value == Long.MAX_VALUE || (value > 0 && random.nextBoolean())) {
            return value - 1;
        }
        return value + 1;
    }

    /** A numeric identifier one up or down; an alphanumeric one a character longer or shorter. */
    private static String nudge(SplittableRandom random, String identifier) {
        if (VersionParser.isNumeric(identifier)) {
            return Long.toString(nudge(random, Long.parseLong(identifier)));
        }
        String nudged = random.nextBoolean() || identifier.length() == 1
                ? identifier + IDENTIFIER_CHARS.charAt(random.nextInt(IDENTIFIER_CHARS.length()))
                : identifier.substring(0, identifier.length() - 1);
        // Shortening "00a" leaves "00", which is numeric with a leading zero: keep such an identifier as it was.
        return VersionParser.isNumeric(nudged) && (nudged.length() > 1 && nudged.charAt(0) == '0'
                || nudged.length() > 18) ? identifier : nudged;
    }

    private static long pow10(int exponent) {
        long value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }
}
