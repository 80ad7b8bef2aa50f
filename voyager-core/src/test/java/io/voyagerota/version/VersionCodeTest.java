package io.voyagerota.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionCodeTest {
    private static final String HINT = "; order and index by sortKey() instead, which covers every version";

    @ParameterizedTest(name = "{0} has code {1}")
    @CsvSource({
        "0.0.0, 0",
        "0.0.1, 1",
        "0.1.0, 100000",
        "1.0.0, 10000000000",
        "1.10.2, 10001000002",
        "1.9.10, 10000900010",
        "1.0.24, 10000000024",       // not a two-digit 10024: such a scheme makes 1.0.100 and 1.1.0 collide
        "1.0.0+build.7, 10000000000",
        "922337202.99999.99999, 9223372029999999999"})
    void codeIsMajorThenMinorAndPatchPaddedToFiveDigits(String text, long code) {
        Version version = Version.parse(text);
        assertTrue(version.hasCode());
        assertEquals(code, version.code());
        assertEquals(version, Version.fromCode(code));
    }

    @Test
    void codesKeepVersionsThatSeed002WouldConfuseApart() {
        assertTrue(Version.parse("1.0.100").code() < Version.parse("1.1.0").code());
    }

    @Test
    void theLargestCodeIsTheLargestThatFitsALongForEveryMinorAndPatch() {
        assertEquals(Version.MAX_CODE, Version.of(Version.MAX_CODE_MAJOR, Version.MAX_CODE_MINOR,
                Version.MAX_CODE_PATCH).code());
        assertEquals(Version.MAX_CODE, Math.addExact(Math.multiplyExact(Version.MAX_CODE_MAJOR, 10_000_000_000L),
                99_999L * 100_000L + 99_999L));
        // One major more would overflow a long for the highest minor and patch.
        assertThrows(ArithmeticException.class, () -> Math.addExact(
                Math.multiplyExact(Version.MAX_CODE_MAJOR + 1, 10_000_000_000L), 99_999L * 100_000L + 99_999L));
    }

    @Test
    void oneAboveEachBoundHasNoCodeAndTheMessageNamesTheBound() {
        assertNoCode(Version.of(922_337_203, 0, 0), "version \"922337203.0.0\" has no version code: major 922337203"
                + " is above 922337202, the largest major a code can hold" + HINT);
        assertNoCode(Version.of(1, 100_000, 0), "version \"1.100000.0\" has no version code: minor 100000 is above"
                + " 99999, the largest minor a code can hold" + HINT);
        assertNoCode(Version.of(1, 0, 100_000), "version \"1.0.100000\" has no version code: patch 100000 is above"
                + " 99999, the largest patch a code can hold" + HINT);
        assertNoCode(Version.of(Long.MAX_VALUE, 0, 0), "version \"9223372036854775807.0.0\" has no version code:"
                + " major 9223372036854775807 is above 922337202, the largest major a code can hold" + HINT);
    }

    @Test
    void prereleasesHaveNoCode() {
        assertNoCode(Version.parse("1.0.0-rc.1"), "version \"1.0.0-rc.1\" has no version code: it is a prerelease,"
                + " and a code cannot order a prerelease below its release" + HINT);
        assertNoCode(Version.parse("0.0.0-0"), "version \"0.0.0-0\" has no version code: it is a prerelease,"
                + " and a code cannot order a prerelease below its release" + HINT);
    }

    @Test
    void fromCodeIsTheInverseOfCodeOverTheWholeRange() {
        assertTrue(Version.fromCode(0).identicalTo(Version.parse("0.0.0")));
        assertTrue(Version.fromCode(10_001_000_002L).identicalTo(Version.parse("1.10.2")));
        assertTrue(Version.fromCode(Version.MAX_CODE).identicalTo(Version.parse("922337202.99999.99999")));
        assertEquals(99_999L, Version.fromCode(99_999L).patch());
        assertEquals(1L, Version.fromCode(100_000L).minor());
    }

    @Test
    void fromCodeRejectsNumbersThatAreNoVersionsCode() {
        assertEquals("no version has code -1: codes are never negative",
                assertThrows(VersionCodeException.class, () -> Version.fromCode(-1)).getMessage());
        assertEquals("no version has code 9223372030000000000: the largest code is 9223372029999999999"
                        + " (922337202.99999.99999)",
                assertThrows(VersionCodeException.class, () -> Version.fromCode(Version.MAX_CODE + 1)).getMessage());
        assertThrows(VersionCodeException.class, () -> Version.fromCode(Long.MAX_VALUE));
        assertThrows(VersionCodeException.class, () -> Version.fromCode(Long.MIN_VALUE));
    }

    private static void assertNoCode(Version version, String message) {
        assertFalse(version.hasCode(), version::toString);
        VersionCodeException e = assertThrows(VersionCodeException.class, version::code);
        assertEquals(message, e.getMessage());
        assertEquals("no-version-code", e.code());
    }
}
