package io.voyagerota.transport.http.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class UriTextTest {
    @Test
    void findsTheFirstParameterByItsExactName() {
        String query = "product=locker&model=locker+s3&version=v1.2&version=9&productx=no&flag&empty=";
        assertEquals("locker", UriText.param(query, "product"));
        assertEquals("locker s3", UriText.param(query, "model"));
        assertEquals("v1.2", UriText.param(query, "version"), "the first occurrence counts");
        assertEquals("", UriText.param(query, "flag"));
        assertEquals("", UriText.param(query, "empty"));
        assertNull(UriText.param(query, "chip"));
        assertNull(UriText.param(query, "produc"));
        assertNull(UriText.param("", "product"));
        assertEquals("a=b", UriText.param("x=a=b", "x"), "only the first '=' separates");
    }

    @Test
    void decodesPercentEscapesAsUtf8() {
        assertEquals("24:0a", UriText.param("id=24%3A0a", "id"));
        assertEquals("grüße +", UriText.param("t=gr%C3%BC%C3%9Fe+%2B", "t"));
        assertEquals("a+b", UriText.decode("a+b", 0, 3, false), "'+' is literal in a path");
    }

    @Test
    void returnsTextWithoutEscapesAsItIs() {
        String text = "abc";
        assertSame(text, UriText.decode(text, 0, 3, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v=%", "v=%4", "v=%G0", "v=%C3%28", "v=%FF", "v=ü"})
    void brokenEscapesAreRefused(String query) {
        assertThrows(IllegalArgumentException.class, () -> UriText.param(query, "v"));
    }

    @Test
    void aQueryOfManySeparatorsIsScannedInLinearTime() {
        String hostile = "&".repeat(200_000) + "=".repeat(200_000);
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(2), () -> assertNull(UriText.param(hostile, "x")));
    }

    @Test
    void parsesNonNegativeDecimalsOnly() {
        assertEquals(0, UriText.nonNegative("0"));
        assertEquals(1_900_000_000L, UriText.nonNegative("1900000000"));
        assertEquals(-1, UriText.nonNegative(""));
        assertEquals(-1, UriText.nonNegative("-1"));
        assertEquals(-1, UriText.nonNegative("+1"));
        assertEquals(-1, UriText.nonNegative("1e3"));
        assertEquals(-1, UriText.nonNegative("9".repeat(19)), "beyond 18 digits is refused, never wrapped");
    }
}
