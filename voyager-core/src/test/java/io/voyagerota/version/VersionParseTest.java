package io.voyagerota.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionParseTest {
    private static final String LENIENT_HINT = " (devices may send lenient forms; releases must be strict)";
    private static final String IDENTIFIER_CHARS = "; identifiers may contain only ASCII letters, digits and '-'";
    private static final String NOT_EMPTY = "; identifiers are separated by single dots and must not be empty";
    private static final String TOO_LARGE = " is too large; numbers must be at most 9223372036854775807";

    @Test
    void strictParseGivesTheParts() {
        Version version = Version.parse("1.22.333-rc.1.x-y+build.007");
        assertEquals(1, version.major());
        assertEquals(22, version.minor());
        assertEquals(333, version.patch());
        assertEquals(List.of("rc", "1", "x-y"), version.prerelease());
        assertEquals(List.of("build", "007"), version.build());
        assertTrue(version.isPrerelease());
        assertEquals("1.22.333-rc.1.x-y+build.007", version.toString());
        assertThrows(UnsupportedOperationException.class, () -> version.prerelease().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> version.build().clear());
        Version release = Version.parse("0.0.0");
        assertFalse(release.isPrerelease());
        assertEquals(List.of(), release.prerelease());
        assertEquals(List.of(), release.build());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0.0.0", "1.2.3", "10.20.30", "1.0.0--", "1.0.0-0a", "1.0.0-00a", "1.0.0-0", "1.0.0+001", "1.0.0+0.00.-",
        "1.0.0-alpha-a.b-c-somethinglong+build.1-aef.1-its-okay", "1.0.0-x.7.z.92", "1.0.0-0.3.7",
        "9223372036854775807.9223372036854775807.9223372036854775807-9223372036854775807"})
    void strictAcceptsSemVerAndPrintsItBackUnchanged(String text) {
        assertEquals(text, Version.parse(text).toString());
    }

    @Test
    void ofMakesAReleaseAndRejectsNegativeComponents() {
        assertTrue(Version.of(1, 2, 3).identicalTo(Version.parse("1.2.3")));
        VersionFormatException e = assertThrows(VersionFormatException.class, () -> Version.of(1, -1, 0));
        assertEquals("version components (1, -1, 0): minor -1 is negative; components must be between 0 and"
                + " 9223372036854775807", e.getMessage());
        assertEquals("invalid-version", e.code());
    }

    @Test
    void everyStrictRejectionNamesTheInputAndTheProblem() {
        assertRejected("", "empty");
        assertRejected("1.2", "expected MAJOR.MINOR.PATCH but the patch component is missing" + LENIENT_HINT);
        assertRejected("1", "expected MAJOR.MINOR.PATCH but the minor component is missing" + LENIENT_HINT);
        assertRejected("1-rc.1", "expected MAJOR.MINOR.PATCH but the minor component is missing" + LENIENT_HINT);
        assertRejected("1.02.3", "minor component \"02\" has a leading zero" + LENIENT_HINT);
        assertRejected("01.2.3", "major component \"01\" has a leading zero" + LENIENT_HINT);
        assertRejected("1.2.00", "patch component \"00\" has a leading zero" + LENIENT_HINT);
        assertRejected("v1.2.3", "illegal character 'v' at index 0 in the major component; expected a digit"
                + LENIENT_HINT);
        assertRejected(" 1.2.3", "illegal character ' ' at index 0 in the major component; expected a digit"
                + LENIENT_HINT);
        assertRejectedWithMessage("1.2.3\n", "version \"1.2.3\\u000a\": illegal character U+000A at index 5 in the"
                + " patch component; expected a digit, '-' (prerelease), '+' (build) or the end" + LENIENT_HINT);
        assertRejected("1.2.3.4", "unexpected '.' at index 5 after the patch component; a version has exactly three"
                + " components, MAJOR.MINOR.PATCH");
        assertRejected(".1.2", "major component is empty (at index 0)");
        assertRejected("1..3", "minor component is empty (at index 2)");
        assertRejected("1.2.", "patch component is empty (at index 4)");
        assertRejected("1.2.-rc", "patch component is empty (at index 4)");
        assertRejected("1.x.3", "illegal character 'x' at index 2 in the minor component; expected a digit");
        assertRejected("1x.2.3", "illegal character 'x' at index 1 in the major component; expected a digit or '.'");
        assertRejected("1.2.3x", "illegal character 'x' at index 5 in the patch component; expected a digit,"
                + " '-' (prerelease), '+' (build) or the end");
        assertRejected("-1.2.3", "major component is empty (at index 0)");
    }

    @Test
    void identifierRejectionsNameTheIdentifier() {
        assertRejected("1.0.0-", "prerelease identifier 1 is empty (at index 6)" + NOT_EMPTY);
        assertRejected("1.0.0-alpha..1", "prerelease identifier 2 is empty (at index 12)" + NOT_EMPTY);
        assertRejected("1.0.0-alpha.", "prerelease identifier 2 is empty (at index 12)" + NOT_EMPTY);
        assertRejected("1.0.0-+b", "prerelease identifier 1 is empty (at index 6)" + NOT_EMPTY);
        assertRejected("1.0.0+", "build identifier 1 is empty (at index 6)" + NOT_EMPTY);
        assertRejected("1.0.0+a..b", "build identifier 2 is empty (at index 8)" + NOT_EMPTY);
        assertRejected("1.0.0-01", "prerelease identifier \"01\" is numeric and has a leading zero");
        assertRejected("1.0.0-rc.00", "prerelease identifier \"00\" is numeric and has a leading zero");
        assertRejected("1.0.0-al_pha.1", "illegal character '_' at index 8 in prerelease identifier \"al_pha\""
                + IDENTIFIER_CHARS);
        assertRejected("1.0.0+a+b", "illegal character '+' at index 7 in build identifier \"a+b\"" + IDENTIFIER_CHARS);
        assertRejected("1.0.0-rc 1", "illegal character ' ' at index 8 in prerelease identifier \"rc 1\""
                + IDENTIFIER_CHARS);
        assertRejectedWithMessage("1.0.0-\u00e9", "version \"1.0.0-\\u00e9\": illegal character U+00E9 at index 6 in prerelease"
                + " identifier \"\\u00e9\"" + IDENTIFIER_CHARS);
        assertRejectedWithMessage("1.0.0-\"", "version \"1.0.0-\\\"\": illegal character '\"' at index 6 in prerelease"
                + " identifier \"\\\"\"" + IDENTIFIER_CHARS);
    }

    @Test
    void numbersBeyondALongAreRejected() {
        assertRejected("9223372036854775808.0.0", "major component \"9223372036854775808\"" + TOO_LARGE);
        assertRejected("0.99999999999999999999.0", "minor component \"99999999999999999999\"" + TOO_LARGE);
        assertRejected("0.0.9223372036854775808", "patch component \"9223372036854775808\"" + TOO_LARGE);
        assertRejected("1.0.0-rc.9223372036854775808", "numeric prerelease identifier \"9223372036854775808\""
                + TOO_LARGE);
        // Digits with a letter are alphanumeric: no numeric bound applies.
        assertEquals(List.of("99999999999999999999x"), Version.parse("1.0.0-99999999999999999999x").prerelease());
        // Build metadata is never numeric.
        assertEquals(List.of("99999999999999999999"), Version.parse("1.0.0+99999999999999999999").build());
    }

    @Test
    void atMost256CharactersAreAccepted() {
        String longest = "1.0.0-" + "a".repeat(250);
        assertEquals(256, longest.length());
        assertEquals(longest, Version.parse(longest).toString());
        VersionFormatException e = assertThrows(VersionFormatException.class, () -> Version.parse(longest + "a"));
        assertEquals("version \"1.0.0-" + "a".repeat(58) + "...\": too long (257 characters; at most 256 are allowed)",
                e.getMessage());
    }

    @Test
    void nullIsRefusedWithAMessage() {
        assertEquals("version text must not be null",
                assertThrows(NullPointerException.class, () -> Version.parse(null)).getMessage());
        assertThrows(NullPointerException.class, () -> Version.parseLenient(null));
    }

    @ParameterizedTest(name = "lenient \"{0}\" is {1}")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "v1.2.3|1.2.3",
        " V1.2 |1.2.0",
        "7|7.0.0",
        "v0|0.0.0",
        "01.02.03|1.2.3",
        "1.0.0|1.0.0",
        "\\t1.2.3-rc.1+b\\n|1.2.3-rc.1+b",     // \t and \n stand for a tab and a newline
        "1-alpha|1.0.0-alpha",
        "1.2+build.5|1.2.0+build.5",
        "V10.0020|10.20.0",
        "0009223372036854775807|9223372036854775807.0.0"})
    void lenientAcceptsWhatDevicesReport(String reported, String canonical) {
        Version version = Version.parseLenient(reported.replace("\\t", "\t").replace("\\n", "\n"));
        assertEquals(canonical, version.toString());
        assertTrue(version.identicalTo(Version.parse(canonical)));
    }

    @Test
    void lenientKeepsTheOtherRules() {
        assertLenientRejected("", "empty");
        assertLenientRejected("   ", "empty (only whitespace)");
        assertLenientRejected("v", "major component is empty (at index 1)");
        assertLenientRejected("vv1", "illegal character 'v' at index 1 in the major component; expected a digit");
        assertLenientRejected(" 1..2", "minor component is empty (at index 3)");
        assertLenientRejected("1.2.", "patch component is empty (at index 4)");
        assertLenientRejected("1x", "illegal character 'x' at index 1 in the major component; expected a digit,"
                + " '.', '-' (prerelease), '+' (build) or the end");
        assertLenientRejected("1.2.3.4", "unexpected '.' at index 5 after the patch component; a version has exactly"
                + " three components, MAJOR.MINOR.PATCH");
        assertLenientRejected("v1.0.0-01", "prerelease identifier \"01\" is numeric and has a leading zero");
        assertLenientRejected("1.0.0-rc..1", "prerelease identifier 2 is empty (at index 9)" + NOT_EMPTY);
        assertLenientRejected("1.0 beta", "illegal character ' ' at index 3 in the minor component; expected a digit,"
                + " '.', '-' (prerelease), '+' (build) or the end");
        assertLenientRejected("99999999999999999999", "major component \"99999999999999999999\"" + TOO_LARGE);
    }

    @Test
    void lenientLengthCountsTheTrimmedTextAndTheCanonicalText() {
        assertEquals("1.2.3", Version.parseLenient(" ".repeat(300) + "1.2.3").toString());
        String grows = "1-" + "a".repeat(254);
        assertEquals(256, grows.length());
        assertLenientRejectedWithMessage(grows, "version \"1-" + "a".repeat(62) + "...\": too long once normalised to"
                + " \"1.0.0-" + "a".repeat(58) + "...\" (260 characters; at most 256 are allowed)");
        VersionFormatException e = assertThrows(VersionFormatException.class,
                () -> Version.parseLenient("1.0.0-" + "a".repeat(251)));
        assertTrue(e.getMessage().endsWith(": too long (257 characters; at most 256 are allowed)"), e.getMessage());
    }

    /** For printable input, which the message quotes as it is. */
    private static void assertRejected(String text, String problem) {
        assertRejectedWithMessage(text, "version \"" + text + "\": " + problem);
    }

    private static void assertRejectedWithMessage(String text, String message) {
        VersionFormatException e = assertThrows(VersionFormatException.class, () -> Version.parse(text));
        assertEquals(message, e.getMessage());
        assertEquals("invalid-version", e.code());
    }

    private static void assertLenientRejected(String text, String problem) {
        assertLenientRejectedWithMessage(text, "version \"" + text + "\": " + problem);
    }

    private static void assertLenientRejectedWithMessage(String text, String message) {
        VersionFormatException e = assertThrows(VersionFormatException.class, () -> Version.parseLenient(text));
        assertEquals(message, e.getMessage());
        assertEquals("invalid-version", e.code());
    }
}
