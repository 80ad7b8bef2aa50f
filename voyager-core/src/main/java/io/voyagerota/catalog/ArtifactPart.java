package io.voyagerota.catalog;

import io.voyagerota.support.Checks;

import java.util.regex.Pattern;

/**
 * One part of a bundle, so a device can verify each stream separately while it splits the download.
 *
 * @param name   {@code firmware} or {@code ui}
 * @param offset where the part starts within the artifact
 * @param size   its length in bytes
 * @param sha256 its SHA-256, lowercase hex
 */
public record ArtifactPart(String name, long offset, long size, String sha256) {
    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ArtifactPart {
        Checks.notNull(name, "part name");
        Checks.inRange(offset, 0, Long.MAX_VALUE, "part offset");
        Checks.inRange(size, 1, Long.MAX_VALUE, "part size");
        Checks.matches(sha256, SHA256, "part sha256", "64 lowercase hex digits");
    }
}
