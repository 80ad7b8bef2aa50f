package io.voyagerota.transport.http.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EntityTagsTest {
    private static final String WEAK = "W/\"0123456789abcdef\"";
    private static final String STRONG = "\"ab12\"";

    @ParameterizedTest
    @ValueSource(strings = {"W/\"0123456789abcdef\"", "\"0123456789abcdef\"", "*", " * ",
            "\"x\", W/\"0123456789abcdef\"", "\"x\",\"0123456789abcdef\"", "W/\"y\" ,\t\"0123456789abcdef\""})
    void ifNoneMatchComparesWeakly(String header) {
        assertTrue(EntityTags.noneMatchHits(header, WEAK));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\"0123456789abcde\"", "\"0123456789abcdef0\"", "0123456789abcdef",
            "W/0123456789abcdef", "\"x\", junk, \"0123456789abcdef\"", "\"0123456789abcdef", "W/"})
    void ifNoneMatchMissesOtherOrMalformedTags(String header) {
        assertFalse(EntityTags.noneMatchHits(header, WEAK));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"ab12\"", " \"ab12\" "})
    void ifRangeHoldsForTheSameStrongTag(String header) {
        assertTrue(EntityTags.ifRangeHolds(header, STRONG));
    }

    @ParameterizedTest
    @ValueSource(strings = {"W/\"ab12\"", "\"ab13\"", "Sat, 01 Jan 2000 00:00:00 GMT", "*", ""})
    void ifRangeFailsForWeakOtherTagsAndDates(String header) {
        assertFalse(EntityTags.ifRangeHolds(header, STRONG));
        assertFalse(EntityTags.ifRangeHolds("W/\"ab12\"", "W/\"ab12\""), "weak tags never match strongly");
    }
}
