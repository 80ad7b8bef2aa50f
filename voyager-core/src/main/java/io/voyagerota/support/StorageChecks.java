package io.voyagerota.support;

import io.voyagerota.ConflictException;
import io.voyagerota.InvalidInputException;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.StoredObject;
import io.voyagerota.spi.StoredObjectPage;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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

    /**
     * The order adapters list artifacts in: by key with {@code @} appended, as text. It is the order in which S3 lists
     * the {@code {key}@} objects of both adapters, and a file system walk can follow it directory by directory
     * (see {@link #walkName}).
     */
    public static final Comparator<String> LISTING_ORDER = Comparator.comparing(key -> key + "@");

    /** Checks the arguments of {@code ArtifactStorage.list}. */
    public static void listArguments(String after, int limit) {
        Checks.notNull(after, "after");
        Checks.inRange(limit, 1, ArtifactStorage.MAX_PAGE, "limit");
    }

    /** Whether {@code key} comes after the cursor {@code after} ({@code ""}: the start) in {@link #LISTING_ORDER}. */
    public static boolean listedAfter(String key, String after) {
        return after.isEmpty() || LISTING_ORDER.compare(key, after) > 0;
    }

    /**
     * How a directory entry sorts in a walk that yields keys in {@link #LISTING_ORDER}: an artifact's own entry is
     * named {@code {segment}@} already, a directory of further segments sorts as {@code {segment}/}.
     */
    public static String walkName(String entry, boolean artifact) {
        return artifact ? entry : entry + "/";
    }

    /**
     * One page from the first {@code limit} live and the first {@code limit} deleted artifacts after a cursor, each
     * in {@link #LISTING_ORDER}: merged, a key held in both listed once, as live.
     */
    public static StoredObjectPage merge(List<StoredObject> live, List<StoredObject> deleted, int limit) {
        List<StoredObject> out = new ArrayList<>(limit);
        int i = 0;
        int j = 0;
        while (out.size() < limit && (i < live.size() || j < deleted.size())) {
            int order = i == live.size() ? 1 : j == deleted.size() ? -1
                    : LISTING_ORDER.compare(live.get(i).key().value(), deleted.get(j).key().value());
            if (order <= 0) {
                out.add(live.get(i++));
                if (order == 0) {
                    j++;
                }
            } else {
                out.add(deleted.get(j++));
            }
        }
        return StoredObjectPage.of(out, limit);
    }
}
