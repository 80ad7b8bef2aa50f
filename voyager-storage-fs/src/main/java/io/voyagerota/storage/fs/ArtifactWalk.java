package io.voyagerota.storage.fs;

import io.voyagerota.InvalidInputException;
import io.voyagerota.support.StorageChecks;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.StoredObject;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Lists the artifacts of one area ({@code objects/} or {@code trash/}) in {@link StorageChecks#LISTING_ORDER} from a
 * cursor, directory by directory: a subtree wholly before the cursor is never opened, the walk stops at the limit,
 * and only one directory's names are held at a time. An artifact's time is its directory's last-modified time,
 * which the storage sets when it publishes, deletes or restores it.
 */
final class ArtifactWalk {
    private record Entry(Path path, String walkName, boolean artifact, Instant modified) {
    }

    private ArtifactWalk() {
    }

    /** Up to {@code limit} artifacts after {@code after}; deleted ones carry their directory's time as deletedAt. */
    static List<StoredObject> list(Path area, String after, int limit, boolean deleted) throws IOException {
        List<StoredObject> out = new ArrayList<>(Math.min(limit, 64));
        walk(area, "", after, after.isEmpty() ? "" : after + "@", limit, deleted, out);
        return out;
    }

    /** Sets the time {@link #list} reports for an artifact directory: when it was stored, deleted or restored. */
    static void stamp(Path artifactDirectory, Instant when) throws IOException {
        Files.setLastModifiedTime(artifactDirectory, FileTime.from(when));
    }

    private static void walk(Path dir, String prefix, String after, String cursor, int limit, boolean deleted,
                             List<StoredObject> out) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path path : stream) {
                Optional<BasicFileAttributes> attributes = SafeFiles.attributes(path);
                // Files and links are not artifacts; the storage never follows a link below its root.
                if (attributes.isPresent() && attributes.get().isDirectory()) {
                    String name = path.getFileName().toString();
                    boolean artifact = name.endsWith("@");
                    entries.add(new Entry(path, StorageChecks.walkName(name, artifact), artifact,
                            attributes.get().lastModifiedTime().toInstant()));
                }
            }
        } catch (NoSuchFileException | NotDirectoryException prunedMeanwhile) {
            return; // a delete or purge removed the directory once it was empty
        }
        entries.sort(Comparator.comparing(Entry::walkName));
        for (Entry e : entries) {
            if (out.size() == limit) {
                return;
            }
            String full = prefix + e.walkName();
            if (e.artifact()) {
                String key = full.substring(0, full.length() - 1);
                if (StorageChecks.listedAfter(key, after)) {
                    artifactKey(key).ifPresent(k -> out.add(new StoredObject(k, e.modified(),
                            deleted ? Optional.of(e.modified()) : Optional.empty())));
                }
            } else if (cursor.isEmpty() || cursor.startsWith(full) || full.compareTo(cursor) > 0) {
                // Every key below starts with full: the subtree is wholly after the cursor, or holds it.
                walk(e.path(), full, after, cursor, limit, deleted, out);
            }
        }
    }

    private static Optional<ArtifactKey> artifactKey(String value) {
        try {
            return Optional.of(ArtifactKey.of(value));
        } catch (InvalidInputException notOurs) {
            return Optional.empty(); // a directory made by hand; nothing Voyager stored
        }
    }
}
