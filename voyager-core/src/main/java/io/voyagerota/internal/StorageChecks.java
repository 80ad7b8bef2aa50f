package io.voyagerota.internal;

import io.voyagerota.ConflictException;
import io.voyagerota.InvalidInputException;
import io.voyagerota.spi.ArtifactKey;

import java.io.InputStream;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Checks and errors that every artifact storage adapter and release view words the same way. */
public final class StorageChecks {
    private StorageChecks() {
    }

    /** Checks the arguments of {@code ArtifactStorage.put}. */
    public static void putArguments(ArtifactKey key, InputStream content, long maxBytes) {
        Checks.notNull(key, "key");
        Checks.notNull(content, "content");
        if (maxBytes < 0) {
            throw new InvalidInputException("maxBytes is " + maxBytes + " but must be 0 or more");
        }
    }

    /** Refuses a read range that does not lie within an artifact of {@code size} bytes, overflow included. */
    public static void range(ArtifactKey key, long offset, long length, long size) {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw new InvalidInputException("range " + offset + "+" + length + " lies outside artifact " + key
                    + " of " + size + " bytes; ask for offset and length within 0.." + size);
        }
    }

    /** The answer to a put of a key that is live or deleted. */
    public static ConflictException keyTaken(ArtifactKey key) {
        return new ConflictException("artifact " + key + " already exists (live or deleted); artifacts are never"
                + " overwritten: store the new bytes under a new key, or purge the old one first");
    }

    /** A release's free-form metadata, checked and sorted by name so that it always serialises the same way. */
    public static SortedMap<String, String> releaseMetadata(Map<String, String> metadata) {
        Checks.notNull(metadata, "metadata");
        SortedMap<String, String> sorted = new TreeMap<>();
        metadata.forEach((name, value) -> {
            if (name == null || value == null || name.isBlank()) {
                throw new InvalidInputException("release metadata names must be non-blank and values non-null;"
                        + " got " + name + "=" + value);
            }
            sorted.put(name, value);
        });
        return sorted;
    }
}
