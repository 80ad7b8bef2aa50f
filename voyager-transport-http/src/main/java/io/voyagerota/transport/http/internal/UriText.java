package io.voyagerota.transport.http.internal;

import io.voyagerota.wire.WireJson;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Query parameters and percent-decoding without regular expressions or maps: a check's handful of parameters is
 * found by scanning the raw query, and text without escapes is returned as a plain substring.
 */
public final class UriText {
    private UriText() {
    }

    /**
     * The decoded value of the first parameter named {@code name} ({@code +} is a space), {@code ""} for a name
     * without {@code =}, or {@code null} when it is absent. Names are compared as sent, undecoded.
     *
     * @throws IllegalArgumentException if the value has a broken percent escape or is not UTF-8
     */
    public static String param(String query, String name) {
        int n = query.length();
        int i = 0;
        while (i < n) {
            int end = i;
            int eq = -1;
            // One pass per pair, so a query of many '&' costs linear time, not quadratic.
            while (end < n && query.charAt(end) != '&') {
                if (eq < 0 && query.charAt(end) == '=') {
                    eq = end;
                }
                end++;
            }
            int nameEnd = eq < 0 ? end : eq;
            if (nameEnd - i == name.length() && query.startsWith(name, i)) {
                return eq < 0 ? "" : decode(query, eq + 1, end, true);
            }
            i = end + 1;
        }
        return null;
    }

    /**
     * Percent-decodes {@code text[from, to)} as UTF-8; {@code +} becomes a space only in a query.
     *
     * @throws IllegalArgumentException if an escape is broken or the bytes are not UTF-8
     */
    public static String decode(String text, int from, int to, boolean plusIsSpace) {
        boolean plain = true;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                throw new IllegalArgumentException("non-ASCII characters must be percent-encoded");
            }
            plain &= c != '%' && !(plusIsSpace && c == '+');
        }
        if (plain) {
            return text.substring(from, to);
        }
        byte[] bytes = new byte[to - from];
        int len = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int hi = i + 2 < to ? Character.digit(text.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw new IllegalArgumentException("'%' must be followed by two hex digits");
                }
                bytes[len++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes[len++] = ' ';
            } else {
                bytes[len++] = (byte) c;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, len)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("percent-encoded bytes are not UTF-8");
        }
    }

    /** A non-negative decimal, or -1 when the text is not one (empty, a sign, other characters, too large). */
    public static long nonNegative(String text) {
        return WireJson.decimal(text);
    }
}
