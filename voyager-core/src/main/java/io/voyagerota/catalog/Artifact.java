package io.voyagerota.catalog;

import io.voyagerota.support.Checks;

import java.util.List;

/**
 * The downloadable file of a release, as stored.
 *
 * @param kind   an application image or a firmware+UI bundle
 * @param key    the storage key
 * @param size   its length in bytes
 * @param sha256 the SHA-256 of the whole file, lowercase hex
 * @param parts  for a bundle, its firmware and UI parts; empty for an application image
 */
public record Artifact(ArtifactKind kind, String key, long size, String sha256, List<ArtifactPart> parts) {
    public Artifact {
        Checks.notNull(kind, "artifact kind");
        Checks.notNull(key, "artifact key");
        Checks.inRange(size, 0, Long.MAX_VALUE, "artifact size"); // an empty upload is stored so validation can say so
        Checks.matches(sha256, ArtifactPart.SHA256, "artifact sha256", "64 lowercase hex digits");
        parts = List.copyOf(Checks.noNulls(parts, "artifact parts"));
    }

    /** An application image with no parts. */
    public static Artifact image(String key, long size, String sha256) {
        return new Artifact(ArtifactKind.APP_IMAGE, key, size, sha256, List.of());
    }
}
