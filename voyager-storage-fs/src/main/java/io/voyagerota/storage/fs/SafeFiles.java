package io.voyagerota.storage.fs;

import io.voyagerota.spi.ArtifactKey;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

/**
 * The file operations the storage and the view are built on. Each refuses to pass through a symbolic link below
 * the root, and each makes its change durable the same way: fsync the file, rename atomically, fsync the directory.
 */
final class SafeFiles {
    private final Path root;
    /** Cleared the first time the provider refuses to open a directory; see {@link #syncDirectory}. */
    private volatile boolean directorySync = true;

    SafeFiles(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** {@code target}'s path below the root, refusing anything that would normalise elsewhere. */
    Path below(Path target) {
        if (!target.normalize().equals(target) || !target.startsWith(root) || target.equals(root)) {
            throw new StorageLayoutException(target + " does not lie below " + root
                    + "; every path Voyager touches must stay inside its root");
        }
        return root.relativize(target);
    }

    /**
     * {@code area/seg1/…/segN@}. Keys are strict already; resolving segment by segment and checking that the result
     * normalises to itself under {@code area} keeps it so whatever a future key syntax allows.
     */
    Path artifactDirectory(Path area, ArtifactKey key) {
        String[] segments = key.value().split("/", -1);
        Path path = area;
        for (int i = 0; i < segments.length; i++) {
            path = path.resolve(i == segments.length - 1 ? segments[i] + "@" : segments[i]);
        }
        if (!path.normalize().equals(path) || !path.startsWith(area)
                || path.getNameCount() != area.getNameCount() + segments.length) {
            throw new StorageLayoutException("artifact key " + key + " does not map to a path inside " + area
                    + " on this file system; use keys of plain ASCII segments");
        }
        below(path);
        return path;
    }

    /**
     * Walks from the root to {@code target} without following links: refuses a symbolic link on the way (the target
     * included) and a file where a directory belongs.
     *
     * @return whether the target exists
     */
    boolean exists(Path target) throws IOException {
        Path current = root;
        for (Path name : below(target)) {
            current = current.resolve(name);
            Optional<BasicFileAttributes> found = attributes(current);
            if (found.isEmpty()) {
                return false;
            }
            checkNotLink(current, found.get());
            if (!found.get().isDirectory() && !current.equals(target)) {
                throw new StorageLayoutException(current + " is a file where Voyager keeps a directory; move it"
                        + " out of " + root);
            }
        }
        return true;
    }

    /** Creates {@code dir} and its missing parents below the root, fsyncing each directory that gained an entry. */
    void createDirectories(Path dir) throws IOException {
        if (dir.equals(root)) {
            return;
        }
        Path current = root;
        for (Path name : below(dir)) {
            Path child = current.resolve(name);
            if (attributes(child).isEmpty()) {
                try {
                    Files.createDirectory(child);
                    syncDirectory(current);
                } catch (FileAlreadyExistsException raced) {
                    // Another writer created it first; checked below like any existing entry.
                }
            }
            BasicFileAttributes attributes = attributes(child).orElseThrow(() -> new NoSuchFileException(
                    child.toString(), null, "removed while being created"));
            checkNotLink(child, attributes);
            if (!attributes.isDirectory()) {
                throw new StorageLayoutException(child + " is a file where Voyager needs a directory; move it out of "
                        + root);
            }
            current = child;
        }
    }

    /** Writes a new file and forces it to the device before returning. */
    void writeDurably(Path file, byte[] content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, CREATE_NEW, WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /**
     * Renames in one step. Without {@code replace} an existing target makes it fail; with it a target file or
     * link is swapped for the source, which readers see either before or after, never in between.
     */
    void moveAtomically(Path source, Path target, boolean replace) throws IOException {
        try {
            if (replace) {
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (AtomicMoveNotSupportedException e) {
            throw new StorageLayoutException("cannot rename " + source + " to " + target + " in one step: everything"
                    + " under " + root + " must be on one file system (no mount points inside it)", e);
        }
    }

    /**
     * Makes the entries of {@code dir} (a file created, renamed in or out) durable. On Linux and macOS a directory
     * opens for reading and {@code force} flushes it. Windows refuses to open a directory as a channel, and there
     * NTFS journals the rename itself; in-memory providers such as Jimfs refuse too and have nothing to flush. So a
     * refusal to open means "nothing to do on this provider", and is remembered; a failing flush is a real error.
     */
    void syncDirectory(Path dir) throws IOException {
        if (!directorySync) {
            return;
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(dir, READ);
        } catch (NoSuchFileException gone) {
            return;
        } catch (UnsupportedOperationException | FileSystemException refused) {
            directorySync = false;
            return;
        }
        try (channel) {
            channel.force(true);
        }
    }

    /** Whether directories are being fsynced on this provider (false once it refused to open one). */
    boolean syncsDirectories() {
        return directorySync;
    }

    /** Deletes a file or a whole tree, never following links (a link is deleted, not its target). */
    static void deleteTree(Path top) throws IOException {
        if (!Files.exists(top, NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(top, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** {@link #deleteTree} in cleanup paths, where the failure being handled is the one to report. */
    static void deleteQuietly(Path top) {
        try {
            deleteTree(top);
        } catch (IOException ignored) {
            // a leftover in a temporary area; recover() removes it
        }
    }

    /**
     * Removes {@code from} and its parents while they are empty, stopping at {@code stop}. A writer that needs one of
     * them again recreates it; see the retry in the storage's put.
     */
    static void pruneEmptyDirectories(Path from, Path stop) {
        for (Path dir = from; dir != null && !dir.equals(stop) && dir.startsWith(stop); dir = dir.getParent()) {
            try {
                Files.delete(dir);
            } catch (IOException notEmptyOrGone) {
                return; // tidying only: a directory left behind is harmless
            }
        }
    }

    /**
     * Deletes the entries of {@code dir} whose names {@code removable} accepts and whose last write (their own or
     * a direct child's, so a slow upload still counts as active) is not after {@code cutoff}.
     *
     * @return the deleted entries
     */
    List<Path> sweep(Path dir, Predicate<String> removable, Instant cutoff) throws IOException {
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                try {
                    if (removable.test(entry.getFileName().toString()) && !lastActivity(entry).isAfter(cutoff)) {
                        deleteTree(entry);
                        removed.add(entry);
                    }
                } catch (NoSuchFileException finishedMeanwhile) {
                    // its writer published or removed it while we looked
                }
            }
        }
        syncDirectory(dir);
        return List.copyOf(removed);
    }

    private static Instant lastActivity(Path entry) throws IOException {
        Instant newest = Files.getLastModifiedTime(entry, NOFOLLOW_LINKS).toInstant();
        if (Files.isDirectory(entry, NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(entry)) {
                for (Path child : children) {
                    Instant modified = Files.getLastModifiedTime(child, NOFOLLOW_LINKS).toInstant();
                    newest = modified.isAfter(newest) ? modified : newest;
                }
            }
        }
        return newest;
    }

    static Optional<BasicFileAttributes> attributes(Path path) throws IOException {
        try {
            return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Called when opening {@code file} without following links failed: if a link is the cause, says so in a layout
     * error (providers word it differently, some as "too many levels of symbolic links").
     */
    void refuseIfLink(Path file) throws IOException {
        Optional<BasicFileAttributes> found = attributes(file);
        if (found.isPresent()) {
            checkNotLink(file, found.get());
        }
    }

    /** {@link #refuseIfLink} for callers that report their own I/O failure whatever this one finds. */
    void refuseIfLinkQuietly(Path file) {
        try {
            refuseIfLink(file);
        } catch (IOException ignored) {
            // the caller's failure is the one to report
        }
    }

    private void checkNotLink(Path path, BasicFileAttributes attributes) {
        if (attributes.isSymbolicLink()) {
            throw new StorageLayoutException(path + " is a symbolic link; Voyager never follows links below " + root
                    + ", so that no name can send a write or a read elsewhere; replace it with what it points to");
        }
    }
}
