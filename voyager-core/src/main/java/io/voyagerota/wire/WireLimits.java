package io.voyagerota.wire;

import io.voyagerota.support.Checks;

/**
 * How much JSON a reader accepts, enforced by the parser while it reads.
 *
 * @param maxDepth        the deepest nesting of objects and arrays (8)
 * @param maxStringLength the longest string or field name, in characters (2048)
 * @param maxBytes        the longest document, in bytes (16 KiB)
 */
public record WireLimits(int maxDepth, int maxStringLength, int maxBytes) {
    public WireLimits {
        Checks.inRange(maxDepth, 2, 64, "maxDepth");
        Checks.inRange(maxStringLength, 64, 1024 * 1024, "maxStringLength");
        Checks.inRange(maxBytes, 1024, 16 * 1024 * 1024, "maxBytes");
    }

    public static WireLimits defaults() {
        return new WireLimits(8, 2048, 16 * 1024);
    }
}
