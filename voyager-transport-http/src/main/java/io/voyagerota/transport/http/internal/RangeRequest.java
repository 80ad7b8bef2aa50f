package io.voyagerota.transport.http.internal;

/**
 * What a {@code Range} header asks of a representation of a given size (RFC 9110 §14.1–14.2).
 *
 * <ul>
 * <li>One satisfiable range ({@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}) is {@link Kind#PARTIAL}, with
 *     the last position clipped to the end and a suffix longer than the representation taking all of it.</li>
 * <li>One range starting at or beyond the end, or {@code bytes=-0}, is {@link Kind#UNSATISFIABLE} (416).</li>
 * <li>Anything else is {@link Kind#FULL}: the header is ignored and the whole representation sent, as RFC 9110
 *     allows. That covers bogus syntax, other units, and several ranges: devices resume with one range, and
 *     multipart answers would only give clients a way to make the server send many overlapping pieces.</li>
 * </ul>
 */
public record RangeRequest(Kind kind, long first, long last) {
    /** How to answer. */
    public enum Kind { FULL, PARTIAL, UNSATISFIABLE }

    static final RangeRequest FULL = new RangeRequest(Kind.FULL, -1, -1);
    static final RangeRequest UNSATISFIABLE = new RangeRequest(Kind.UNSATISFIABLE, -1, -1);

    /** The number of bytes of a partial answer. */
    public long length() {
        return last - first + 1;
    }

    /** Interprets a {@code Range} header for a representation of {@code size} bytes. */
    public static RangeRequest of(String header, long size) {
        int n = header.length();
        int i = skipSpace(header, 0, n);
        if (!header.regionMatches(true, i, "bytes=", 0, 6)) {
            return FULL;
        }
        i += 6;
        RangeRequest only = null;
        while (i <= n) {
            int comma = header.indexOf(',', i);
            int end = comma < 0 ? n : comma;
            int from = skipSpace(header, i, end);
            int to = end;
            while (to > from && isSpace(header.charAt(to - 1))) {
                to--;
            }
            if (from < to) { // the list syntax allows empty elements: "bytes=0-1,"
                if (only != null) {
                    return FULL;
                }
                only = spec(header, from, to, size);
                if (only == null) {
                    return FULL;
                }
            }
            i = end + 1;
        }
        return only == null ? FULL : only;
    }

    /** One range-spec, or null when its syntax is wrong. */
    private static RangeRequest spec(String s, int from, int to, long size) {
        int dash = s.indexOf('-', from);
        if (dash < 0 || dash >= to) {
            return null;
        }
        if (dash == from) {
            long suffix = digits(s, from + 1, to);
            if (suffix < 0) {
                return null;
            }
            return suffix == 0 || size == 0 ? UNSATISFIABLE
                    : new RangeRequest(Kind.PARTIAL, Math.max(0, size - suffix), size - 1);
        }
        long first = digits(s, from, dash);
        long last = dash + 1 == to ? Long.MAX_VALUE : digits(s, dash + 1, to);
        if (first < 0 || last < 0 || last < first) {
            return null;
        }
        return first >= size ? UNSATISFIABLE : new RangeRequest(Kind.PARTIAL, first, Math.min(last, size - 1));
    }

    /** A decimal of at least one digit, saturating at Long.MAX_VALUE (still "beyond the end"), or -1. */
    private static long digits(String s, int from, int to) {
        if (from >= to) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : value * 10 + (c - '0');
        }
        return value;
    }

    private static int skipSpace(String s, int i, int end) {
        while (i < end && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
