package io.voyagerota.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.voyagerota.testing.PropertySeed;
import io.voyagerota.version.VersionGenerator.Spec;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToIntBiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The laws a version order must obey, over thousands of generated versions (seeded: see {@link PropertySeed}). */
class VersionPropertiesTest {
    /** The grammar published with SemVer 2.0.0; the numeric bound and the length limit are checked beside it. */
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                    + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                    + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final String FUZZ_CHARS = "0123456789..--++azZv_ \n\u00e9";

    @Test
    void parsesGeneratedTextsExactlyAndRoundTrips() {
        PropertySeed.check("parse round trip", 2_000, random -> {
            Spec spec = VersionGenerator.any(random);
            String text = spec.text();
            Version version = Version.parse(text);
            assertEquals(spec.major(), version.major(), text);
            assertEquals(spec.minor(), version.minor(), text);
            assertEquals(spec.patch(), version.patch(), text);
            assertEquals(spec.prerelease(), version.prerelease(), text);
            assertEquals(spec.build(), version.build(), text);
            assertEquals(!spec.prerelease().isEmpty(), version.isPrerelease(), text);
            assertEquals(text, version.toString(), "canonical text is the input for a canonical input");
            assertTrue(Version.parse(version.toString()).identicalTo(version), text);
            assertTrue(Version.parseLenient(text).identicalTo(version), "lenient agrees with strict on " + text);
            String key = version.sortKey();
            assertTrue(key.matches("([0-9a-f]{2})+"), "sort key is lowercase hex: " + key);
            assertTrue(key.length() <= Version.MAX_SORT_KEY_LENGTH, "sort key of " + text + " is " + key.length());
        });
    }

    @Test
    void compareToIsAnOrderConsistentWithEqualsHashCodeSortKeyAndCode() {
        PropertySeed.check("pairwise laws", 4_000, random -> {
            Spec first = VersionGenerator.any(random);
            Spec second = random.nextInt(3) == 0 ? VersionGenerator.neighbour(random, first)
                    : random.nextBoolean() ? VersionGenerator.small(random) : VersionGenerator.any(random);
            Version a = first.parse();
            Version b = second.parse();
            String pair = a + " vs " + b;
            int order = Integer.signum(a.compareTo(b));

            assertEquals(0, a.compareTo(a), "reflexive: " + a);
            assertEquals(-order, Integer.signum(b.compareTo(a)), "antisymmetric: " + pair);
            assertEquals(order == 0, a.equals(b), "equals iff compareTo is 0: " + pair);
            assertEquals(order == 0, b.equals(a), "equals is symmetric: " + pair);
            if (a.equals(b)) {
                assertEquals(a.hashCode(), b.hashCode(), "equal versions hash alike: " + pair);
                assertEquals(a.sortKey(), b.sortKey(), "equal versions have equal sort keys: " + pair);
                assertEquals(a.build().equals(b.build()), a.identicalTo(b), "identical also compares build: " + pair);
            }
            assertEquals(order, Integer.signum(a.sortKey().compareTo(b.sortKey())), "sort key orders " + pair);
            if (a.hasCode() && b.hasCode()) {
                assertEquals(order, Long.signum(Long.compare(a.code(), b.code())), "code orders " + pair);
            }
        });
    }

    @Test
    void compareToIsTransitive() {
        PropertySeed.check("transitivity", 2_000, random -> {
            Version[] triple = new Version[3];
            for (int i = 0; i < 3; i++) {
                triple[i] = (random.nextBoolean() ? VersionGenerator.small(random) : VersionGenerator.any(random))
                        .parse();
            }
            for (Version a : triple) {
                for (Version b : triple) {
                    for (Version c : triple) {
                        if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
                            assertTrue(a.compareTo(c) <= 0, a + " <= " + b + " <= " + c + " but not " + a + " <= " + c);
                            if (a.compareTo(b) < 0 || b.compareTo(c) < 0) {
                                assertTrue(a.compareTo(c) < 0, a + " <= " + b + " <= " + c + ", one strictly");
                            }
                        }
                    }
                }
            }
        });
    }

    @Test
    void sortingBySortKeyIsSortingByCompareTo() {
        PropertySeed.check("sort by key", 150, random -> {
            List<Spec> specs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                specs.add(random.nextInt(3) == 0 && !specs.isEmpty()
                        ? VersionGenerator.neighbour(random, specs.get(random.nextInt(specs.size())))
                        : VersionGenerator.any(random));
            }
            List<Version> versions = specs.stream().map(Spec::parse).toList();
            List<Version> byCompareTo = new ArrayList<>(versions);
            byCompareTo.sort(Comparator.naturalOrder());
            List<Version> bySortKey = new ArrayList<>(versions);
            bySortKey.sort(Comparator.comparing(Version::sortKey));
            // Both sorts are stable and agree on which versions are equal, so even equal versions keep their places.
            assertEquals(texts(byCompareTo), texts(bySortKey));
        });
    }

    @Test
    void codesOrderReleasesAndRoundTrip() {
        PropertySeed.check("version codes", 2_000, random -> {
            Version a = VersionGenerator.withCode(random).parse();
            Version b = VersionGenerator.withCode(random).parse();
            assertTrue(a.hasCode(), a::toString);
            long code = a.code();
            assertTrue(code >= 0 && code <= Version.MAX_CODE, a + " has code " + code);
            assertEquals(a, Version.fromCode(code), "fromCode(code()) of " + a);
            assertEquals(a.build().isEmpty(), Version.fromCode(code).identicalTo(a), a::toString);
            assertEquals(Integer.signum(a.compareTo(b)), Long.signum(Long.compare(code, b.code())), a + " vs " + b);
            long anyCode = random.nextLong(Version.MAX_CODE + 1);
            assertEquals(anyCode, Version.fromCode(anyCode).code(), "every code in range names a version");
        });
    }

    @Test
    void hasCodeSaysWhetherCodeSucceeds() {
        PropertySeed.check("hasCode", 2_000, random -> {
            Version version = VersionGenerator.any(random).parse();
            if (version.hasCode()) {
                assertEquals(version, Version.fromCode(version.code()));
            } else {
                VersionCodeException e = assertThrows(VersionCodeException.class, version::code);
                assertTrue(e.getMessage().contains("\"" + version + "\"") && e.getMessage().contains("sortKey()"),
                        e.getMessage());
            }
        });
    }

    @Test
    void lenientAcceptsWhatDevicesSendAndMeansTheCanonicalVersion() {
        PropertySeed.check("lenient forms", 2_000, random -> {
            Spec spec = random.nextBoolean() ? VersionGenerator.small(random) : VersionGenerator.wide(random);
            String sloppy = decorate(random, spec);
            assertTrue(Version.parseLenient(sloppy).identicalTo(spec.parse()), "\"" + sloppy + "\" means " + spec.text());
        });
    }

    @Test
    void strictParserAcceptsExactlyTheSemVerGrammarWithinBounds() {
        PropertySeed.check("strict grammar", 3_000, random -> {
            String text = random.nextBoolean() ? corrupt(random, VersionGenerator.any(random).text()) : noise(random);
            boolean valid = isSemVerWithinBounds(text);
            try {
                Version version = Version.parse(text);
                assertTrue(valid, "accepted \"" + text + "\", which SemVer 2.0.0 (within bounds) rejects");
                assertEquals(text, version.toString());
                assertTrue(Version.parseLenient(text).identicalTo(version), text);
            } catch (VersionFormatException e) {
                assertFalse(valid, "rejected \"" + text + "\", which is valid: " + e.getMessage());
                assertTrue(e.getMessage().startsWith("version " + VersionParser.quote(text) + ": "), e.getMessage());
                assertEquals("invalid-version", e.code());
            }
            try {
                Version.parseLenient(text);
            } catch (VersionFormatException e) {
                assertFalse(valid, "lenient rejected the valid \"" + text + "\"");
            }
        });
    }

    @Test
    void theseLawsCatchTheClassicWrongOrders() {
        SplittableRandom random = PropertySeed.random("wrong orders are caught");
        // The naive flat number: 1.10.2 -> 1102 and 1.9.10 -> 1910.
        ToIntBiFunction<Version, Version> concatenated = (a, b) -> Long.compare(
                Long.parseLong("" + a.major() + a.minor() + a.patch()),
                Long.parseLong("" + b.major() + b.minor() + b.patch()));
        ToIntBiFunction<Version, Version> prereleaseAsText = (a, b) -> a.isPrerelease() && b.isPrerelease()
                ? String.join(".", a.prerelease()).compareTo(String.join(".", b.prerelease())) : a.compareTo(b);
        ToIntBiFunction<Version, Version> wholeText = (a, b) -> a.toString().compareTo(b.toString());
        assertCaught("concatenated digits", concatenated, random, true);
        assertCaught("prerelease compared as text", prereleaseAsText, random, false);
        assertCaught("whole text compared", wholeText, random, false);
    }

    @Test
    void theGeneratorReachesTheEdgeCases() {
        SplittableRandom random = PropertySeed.random("generator coverage");
        boolean equalButNotIdentical = false;
        boolean numericAgainstAlphanumeric = false;
        boolean prefixIdentifiers = false;
        boolean maxLong = false;
        boolean hyphenated = false;
        for (int i = 0; i < 3_000; i++) {
            Spec first = VersionGenerator.any(random);
            Version a = first.parse();
            Version b = (random.nextBoolean() ? VersionGenerator.neighbour(random, first) : VersionGenerator.small(random))
                    .parse();
            equalButNotIdentical |= a.equals(b) && !a.identicalTo(b);
            maxLong |= a.major() == Long.MAX_VALUE || a.prerelease().contains(Long.toString(Long.MAX_VALUE));
            hyphenated |= a.prerelease().stream().anyMatch(id -> id.contains("-"));
            int common = Math.min(a.prerelease().size(), b.prerelease().size());
            for (int j = 0; j < common; j++) {
                String x = a.prerelease().get(j);
                String y = b.prerelease().get(j);
                numericAgainstAlphanumeric |= VersionParser.isNumeric(x) != VersionParser.isNumeric(y);
                prefixIdentifiers |= !x.equals(y) && !VersionParser.isNumeric(x) && y.startsWith(x);
            }
        }
        assertTrue(equalButNotIdentical && numericAgainstAlphanumeric && prefixIdentifiers && maxLong && hyphenated,
                "generator misses an edge case; " + PropertySeed.rerunHint());
    }

    private static void assertCaught(String name, ToIntBiFunction<Version, Version> wrong, SplittableRandom random,
            boolean smallNumbers) {
        for (int i = 0; i < 20_000; i++) {
            Spec first = smallNumbers ? smallRelease(random) : VersionGenerator.any(random);
            Spec second = smallNumbers ? smallRelease(random) : VersionGenerator.neighbour(random, first);
            Version a = first.parse();
            Version b = second.parse();
            int right = Integer.signum(a.compareTo(b));
            if (right != Integer.signum(wrong.applyAsInt(a, b))) {
                // Found a pair the wrong order gets wrong: the sort key, checked by the same laws, gets it right.
                assertEquals(right, Integer.signum(a.sortKey().compareTo(b.sortKey())), a + " vs " + b);
                return;
            }
        }
        fail("the generated versions never expose the wrong order \"" + name + "\"; " + PropertySeed.rerunHint());
    }

    private static Spec smallRelease(SplittableRandom random) {
        return new Spec(random.nextInt(20), random.nextInt(20), random.nextInt(20), List.of(), List.of());
    }

    private static List<String> texts(List<Version> versions) {
        return versions.stream().map(Version::toString).toList();
    }

    /** A lenient spelling of {@code spec}: whitespace, a v, leading zeros and dropped zero components. */
    private static String decorate(SplittableRandom random, Spec spec) {
        String[] padding = {"", "", " ", "\t", "  ", "\n"};
        String zeros = "0".repeat(random.nextInt(3));
        String core = zeros + spec.major();
        boolean dropPatch = spec.patch() == 0 && random.nextBoolean();
        if (!(dropPatch && spec.minor() == 0 && random.nextBoolean())) {
            core += "." + "0".repeat(random.nextInt(3)) + spec.minor();
            if (!dropPatch) {
                core += "." + "0".repeat(random.nextInt(2)) + spec.patch();
            }
        }
        String text = spec.text();
        String sloppy = VersionGenerator.pick(random, new String[] {"", "v", "V"}) + core
                + text.substring((spec.major() + "." + spec.minor() + "." + spec.patch()).length());
        if (sloppy.length() > Version.MAX_LENGTH) {
            return text;
        }
        return VersionGenerator.pick(random, padding) + sloppy + VersionGenerator.pick(random, padding);
    }

    /** One to three random edits of a valid text: most break it, some keep it valid. */
    private static String corrupt(SplittableRandom random, String text) {
        StringBuilder corrupted = new StringBuilder(text);
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            int at = random.nextInt(corrupted.length() + 1);
            char c = FUZZ_CHARS.charAt(random.nextInt(FUZZ_CHARS.length()));
            switch (random.nextInt(3)) {
                case 0 -> corrupted.insert(at, c);
                case 1 -> {
                    if (at < corrupted.length()) {
                        corrupted.deleteCharAt(at);
                    }
                }
                default -> {
                    if (at < corrupted.length()) {
                        corrupted.setCharAt(at, c);
                    }
                }
            }
        }
        return corrupted.toString();
    }

    private static String noise(SplittableRandom random) {
        StringBuilder noise = new StringBuilder();
        for (int i = random.nextInt(14); i > 0; i--) {
            noise.append(FUZZ_CHARS.charAt(random.nextInt(FUZZ_CHARS.length())));
        }
        return noise.toString();
    }

    private static boolean isSemVerWithinBounds(String text) {
        Matcher matcher = SEMVER.matcher(text);
        if (text.length() > Version.MAX_LENGTH || !matcher.matches()) {
            return false;
        }
        List<String> numbers = new ArrayList<>(List.of(matcher.group(1), matcher.group(2), matcher.group(3)));
        if (matcher.group(4) != null) {
            for (String identifier : matcher.group(4).split("\\.")) {
                if (identifier.chars().allMatch(Character::isDigit)) {
                    numbers.add(identifier);
                }
            }
        }
        return numbers.stream().allMatch(number -> new BigInteger(number).compareTo(LONG_MAX) <= 0);
    }
}
