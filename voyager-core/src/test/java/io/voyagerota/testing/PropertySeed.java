package io.voyagerota.testing;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * The seed of the randomised (property) tests, so that any failure can be replayed exactly.
 *
 * <p>The seed comes from the system property {@value #PROPERTY} ({@code mvn test -Dvoyager.seed=123}). When that is
 * unset, blank, or the unexpanded {@code ${voyager.seed}} Maven passes through when nobody set it, a random seed is
 * chosen. Either way it is printed once per test JVM, as {@code voyager.seed=123 (rerun with -Dvoyager.seed=123)}.
 *
 * <p>Each property draws from its own generator, derived from the seed and the property's name, so it replays the
 * same values whichever other tests ran before it, or whether they ran at all.
 *
 * <pre>{@code
 * PropertySeed.check("sort key orders like compareTo", 2_000, random -> {
 *     Version a = versions.next(random), b = versions.next(random);
 *     assertEquals(signum(a.compareTo(b)), signum(a.sortKey().compareTo(b.sortKey())));
 * });
 * }</pre>
 */
public final class PropertySeed {
    /** The system property that fixes the seed. */
    public static final String PROPERTY = "voyager.seed";

    private static final long SEED;
    /** Why {@value #PROPERTY} could not be used, or null; reported by every call rather than by a class-init error. */
    private static final String SEED_PROBLEM;

    static {
        long seed = 0;
        String problem = null;
        try {
            seed = parse(System.getProperty(PROPERTY)).orElseGet(() -> new SplittableRandom().nextLong());
            System.out.println(rerunHint(seed));
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        SEED = seed;
        SEED_PROBLEM = problem;
    }

    /** A property's body, run once per iteration with the property's generator; anything it throws fails it. */
    @FunctionalInterface
    public interface Property {
        void check(SplittableRandom random) throws Exception;
    }

    private PropertySeed() {
    }

    /** The seed of this run. */
    public static long seed() {
        if (SEED_PROBLEM != null) {
            throw new IllegalArgumentException(SEED_PROBLEM);
        }
        return SEED;
    }

    /** The line to put in a failure message: {@code voyager.seed=123 (rerun with -Dvoyager.seed=123)}. */
    public static String rerunHint() {
        return rerunHint(seed());
    }

    /**
     * A fresh generator for the named property, always the same for the same seed and name. Prefer {@link #check},
     * which also puts the seed in the failure message; when using this directly, put {@link #rerunHint()} there.
     */
    public static SplittableRandom random(String propertyName) {
        Objects.requireNonNull(propertyName, "property name must not be null");
        return new SplittableRandom(seed() ^ (0x9E3779B97F4A7C15L * propertyName.hashCode()));
    }

    /**
     * Runs {@code property} {@code iterations} times with the named property's generator. The first failure, an
     * assertion or any other exception, is rethrown as an {@link AssertionError} whose message names the property,
     * the iteration and the seed, with the original failure as its cause.
     */
    public static void check(String propertyName, int iterations, Property property) {
        Objects.requireNonNull(property, "property must not be null");
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
        }
        SplittableRandom random = random(propertyName);
        for (int iteration = 1; iteration <= iterations; iteration++) {
            try {
                property.check(random);
            } catch (Exception | AssertionError failure) {
                String cause = failure instanceof AssertionError ? failure.getMessage() : failure.toString();
                throw new AssertionError("property \"" + propertyName + "\" failed at iteration " + iteration + " of "
                        + iterations + " with " + rerunHint() + ": " + cause, failure);
            }
        }
    }

    /**
     * The seed in the value of {@value #PROPERTY}; empty when it is unset, blank or the unexpanded
     * {@code ${voyager.seed}}.
     *
     * @throws IllegalArgumentException if it is set to something that is not a long
     */
    static OptionalLong parse(String value) {
        if (value == null || value.isBlank() || value.strip().equals("${" + PROPERTY + "}")) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be a whole number that fits a Java long, got \""
                    + value + "\"; leave it unset for a random seed");
        }
    }

    private static String rerunHint(long seed) {
        return PROPERTY + "=" + seed + " (rerun with -D" + PROPERTY + "=" + seed + ")";
    }
}
