package io.voyagerota.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionOrderTest {
    private static final List<String> SEMVER_SECTION_11_CHAIN = List.of(
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
            "1.0.0-rc.1", "1.0.0");

    @Test
    void semVerSection11ChainIsStrictlyIncreasing() {
        assertStrictlyIncreasing(SEMVER_SECTION_11_CHAIN);
    }

    @Test
    void releasesOrderByMajorThenMinorThenPatch() {
        assertStrictlyIncreasing(List.of("1.0.0", "2.0.0", "2.1.0", "2.1.1"));
    }

    @Test
    void seed000Bug_1_10_2IsAbove_1_9_10ByEveryMeasure() {
        Version newer = Version.parse("1.10.2");
        Version older = Version.parse("1.9.10");
        assertTrue(newer.compareTo(older) > 0);
        assertTrue(newer.sortKey().compareTo(older.sortKey()) > 0);
        assertTrue(newer.code() > older.code());
        assertEquals(10_001_000_002L, newer.code());
        assertEquals(10_000_900_010L, older.code());
    }

    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource({
        "1.0.0-1, 1.0.0-a",                       // numeric identifiers below alphanumeric ones
        "1.0.0-1, 1.0.0-1a",                      // "1a" is alphanumeric, not the number 1
        "1.0.0-2, 1.0.0-10",                      // numerically, not as text
        "1.0.0-99, 1.0.0-100",
        "1.0.0-255, 1.0.0-256",                   // one sort-key byte becomes two
        "1.0.0-9223372036854775806, 1.0.0-9223372036854775807",
        "1.0.0-alpha, 1.0.0-alpha1",              // a prefix is lower
        "1.0.0-alpha.1, 1.0.0-alpha1",            // "alpha" < "alpha1" decides before the second identifier
        "1.0.0-alpha, 1.0.0-alpha.0",             // more identifiers are higher when the rest are equal
        "1.0.0-alpha.1, 1.0.0-alpha.1.a",
        "1.0.0-Z, 1.0.0-a",                       // ASCII: upper case before lower case
        "1.0.0--, 1.0.0-0a",                      // ASCII: '-' before digits
        "1.0.0-a.b, 1.0.0-a-b",                   // "a" then "b" against the one identifier "a-b": "a" < "a-b"
        "1.0.0-rc.1, 1.0.0",
        "1.0.0-x.9223372036854775807, 1.0.0",
        "0.0.0, 0.0.1",
        "255.0.0, 256.0.0",
        "1.99999.99999, 2.0.0",
        "9223372036854775806.0.0, 9223372036854775807.0.0",
        "9223372036854775807.9223372036854775807.9223372036854775806-z, "
                + "9223372036854775807.9223372036854775807.9223372036854775806"})
    void ordersPairsAsSemVerSays(String lower, String higher) {
        assertStrictlyIncreasing(List.of(lower, higher));
    }

    @Test
    void buildMetadataIsIgnoredByOrderAndEqualityButNotByIdenticalTo() {
        Version a = Version.parse("1.0.0+a");
        Version b = Version.parse("1.0.0+b");
        Version plain = Version.parse("1.0.0");
        assertEquals(0, a.compareTo(b));
        assertEquals(a, b);
        assertEquals(a, plain);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a.sortKey(), b.sortKey());
        assertEquals(plain.sortKey(), a.sortKey());
        assertEquals(a.code(), b.code());
        assertFalse(a.identicalTo(b));
        assertTrue(a.identicalTo(Version.parse("1.0.0+a")));
        assertEquals(Version.parse("1.0.0-rc.1+sha.5114f85"), Version.parse("1.0.0-rc.1"));
        assertNotEquals(Version.parse("1.0.0-rc.1"), plain);
        assertEquals(List.of("a"), a.build());
    }

    @Test
    void sortKeysMatchTheDocumentedEncoding() {
        assertEquals("0101000002616c7068610000", Version.parse("1.0.0-alpha").sortKey());
        assertEquals("0101000002616c7068610001010100", Version.parse("1.0.0-alpha.1").sortKey());
        assertEquals("0101000002626574610001010b00", Version.parse("1.0.0-beta.11").sortKey());
        assertEquals("01010000ff", Version.parse("1.0.0").sortKey());
        assertEquals("01010109010aff", Version.parse("1.9.10").sortKey());
        assertEquals("0101010a0102ff", Version.parse("1.10.2").sortKey());
        assertEquals("000000ff", Version.parse("0.0.0").sortKey());
        assertEquals("0201000000ff", Version.parse("256.0.0").sortKey());
        assertEquals("087fffffffffffffff0000ff", Version.parse("9223372036854775807.0.0").sortKey());
    }

    @Test
    void theLongestVersionHasTheLongestSortKey() {
        String longest = "1.1.1-" + "a.".repeat(124) + "aa";
        assertEquals(Version.MAX_LENGTH, longest.length());
        assertEquals(Version.MAX_SORT_KEY_LENGTH, Version.parse(longest).sortKey().length());
        Version longestRelease = Version.parse("9223372036854775807.9223372036854775807.9223372036854775807");
        assertEquals(56, longestRelease.sortKey().length());
    }

    @Test
    void sortingTheChainBySortKeyGivesTheChain() {
        List<Version> shuffled = new ArrayList<>(SEMVER_SECTION_11_CHAIN.stream().map(Version::parse).toList());
        Collections.reverse(shuffled);
        shuffled.sort(Comparator.comparing(Version::sortKey));
        assertEquals(SEMVER_SECTION_11_CHAIN, shuffled.stream().map(Version::toString).toList());
    }

    private static void assertStrictlyIncreasing(List<String> texts) {
        for (int i = 0; i < texts.size(); i++) {
            Version lower = Version.parse(texts.get(i));
            for (int j = i + 1; j < texts.size(); j++) {
                Version higher = Version.parse(texts.get(j));
                String pair = lower + " < " + higher;
                assertTrue(lower.compareTo(higher) < 0, pair);
                assertTrue(higher.compareTo(lower) > 0, pair);
                assertNotEquals(lower, higher, pair);
                assertTrue(lower.sortKey().compareTo(higher.sortKey()) < 0, "sort key: " + pair);
            }
        }
    }
}
