package io.voyagerota.storage.s3.internal;

import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.StoredArtifact;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The user metadata ({@code x-amz-meta-…}) every stored artifact carries: its SHA-256, when it was stored, and the id
 * of the put that stored it. The size is the object's own length. Copies to and from the trash carry the same
 * metadata, so an artifact's {@code storedAt} survives a delete and a restore.
 *
 * <p>The put id lets a put recognise its own write: when the response to a create-only write is lost and the SDK
 * retries, the retry is refused because the first attempt did succeed, and only the id tells that apart from another
 * put having won.
 */
public final class ArtifactMetadata {
    public static final String SHA256 = "voyager-sha256";
    public static final String STORED_AT = "voyager-stored-at";
    public static final String PUT_ID = "voyager-put-id";
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private ArtifactMetadata() {
    }

    /** The metadata of a new artifact, stored by the put {@code putId}. */
    public static Map<String, String> of(StoredArtifact artifact, String putId) {
        return Map.of(SHA256, artifact.sha256(), STORED_AT, artifact.storedAt().toString(), PUT_ID, putId);
    }

    /** Whether an object was written by the put {@code putId}. */
    public static boolean writtenBy(ObjectStore.Info info, String putId) {
        return putId.equals(info.metadata().get(PUT_ID));
    }

    /** The artifact an object describes; empty when the object was not written by this storage. */
    public static Optional<StoredArtifact> read(ArtifactKey key, ObjectStore.Info info) {
        String sha = info.metadata().get(SHA256);
        String storedAt = info.metadata().get(STORED_AT);
        if (sha == null || storedAt == null || !HEX64.matcher(sha).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new StoredArtifact(key, info.size(), sha, Instant.parse(storedAt)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
