package io.voyagerota.transport.http.internal;

/** Entity-tag comparison for {@code If-None-Match} and {@code If-Range} (RFC 9110 §8.8.3, §13.1.2, §13.1.5). */
public final class EntityTags {
    private EntityTags() {
    }

    /**
     * Whether an {@code If-None-Match} value matches {@code etag} by weak comparison: {@code *}, or a listed tag with
     * the same opaque part whether or not either is weak.
     *
     * @param etag the current tag, such as {@code W/"…"} or {@code "…"}
     */
    public static boolean noneMatchHits(String header, String etag) {
        int opaqueFrom = etag.startsWith("W/") ? 2 : 0;
        int opaqueLength = etag.length() - opaqueFrom;
        int n = header.length();
        int i = 0;
        while (i < n) {
            char c = header.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            if (c == '*') {
                return true;
            }
            if (header.startsWith("W/", i)) {
                i += 2;
            }
            if (i >= n || header.charAt(i) != '"') {
                return false; // not a list of entity-tags: no match, so the request is answered in full
            }
            int close = header.indexOf('"', i + 1);
            if (close < 0) {
                return false;
            }
            if (close + 1 - i == opaqueLength && header.regionMatches(i, etag, opaqueFrom, opaqueLength)) {
                return true;
            }
            i = close + 1;
        }
        return false;
    }

    /**
     * Whether an {@code If-Range} value lets a Range through: only a strong entity-tag identical to the current
     * strong {@code etag}. A weak tag or a date never does, so the whole representation is sent instead.
     */
    public static boolean ifRangeHolds(String header, String etag) {
        return header.trim().equals(etag) && !etag.startsWith("W/");
    }
}
