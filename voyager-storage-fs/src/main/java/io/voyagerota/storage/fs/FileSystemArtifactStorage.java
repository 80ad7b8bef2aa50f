package io.voyagerota.storage.fs;

import io.voyagerota.ConflictException;
import io.voyagerota.InvalidInputException;
import io.voyagerota.NotFoundException;
import io.voyagerota.support.Checks;
import io.voyagerota.support.DigestingCopier;
import io.voyagerota.support.StorageChecks;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.ArtifactTooLargeException;
import io.voyagerota.spi.StoredArtifact;
import io.voyagerota.spi.StoredObjectPage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

/**
 * {@link ArtifactStorage} on any {@code java.nio.file} file system: the default one, or an in-memory one such as
 * Jimfs. Build it with {@link #builder(Path)}.
 *
 * <p>Layout under the root (see {@code docs/storage.md}):
 * <pre>
 * objects/locker/1.2.0/firmware.bin@/data       the bytes of live key locker/1.2.0/firmware.bin
 * objects/locker/1.2.0/firmware.bin@/meta.json  {"key":…,"size":…,"sha256":…,"storedAt":…}
 * trash/…                                       soft-deleted artifacts, same shape
 * tmp/put-{uuid}/, tmp/purge-{uuid}/            puts and purges in flight
 * </pre>
 * Each artifact is a directory holding its bytes and its metadata, published by one atomic rename, so a visible
 * artifact always has both. The {@code @} cannot occur in a key, so keys {@code a} and {@code a/b} coexist.
 *
 * <p>A put streams into {@code tmp/put-…/data} through a fixed buffer, computing size and SHA-256 on the way,
 * forces the data and the metadata to the device, renames the directory into {@code objects/} in one step, then
 * forces that directory. Delete and restore are one rename between {@code objects/} and {@code trash/}. After a
 * crash, {@link #recover()} removes what was in flight. Nothing below the root is ever reached through a symbolic
 * link. One root belongs to one storage instance: instances sharing a root are safe against torn artifacts but not
 * against a put racing a delete of the same key.
 */
public final class FileSystemArtifactStorage implements ArtifactStorage {
    static final String DATA = "data";
    private static final String PUT_PREFIX = "put-";
    private static final String PURGE_PREFIX = "purge-";
    /** How often a put re-creates parent directories that a concurrent delete pruned while it was publishing. */
    private static final int PUBLISH_ATTEMPTS = 5;

    private final SafeFiles files;
    private final Path objects;
    private final Path trash;
    private final Path tmp;
    private final InstantSource clock;
    private final Duration staleTempAfter;
    private final Object[] stripes = new Object[64];
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    private FileSystemArtifactStorage(Path root, Builder builder) throws IOException {
        this.files = new SafeFiles(root);
        this.objects = root.resolve("objects");
        this.trash = root.resolve("trash");
        this.tmp = root.resolve("tmp");
        this.clock = builder.clock;
        this.staleTempAfter = builder.staleTempAfter;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
        for (Path dir : List.of(objects, trash, tmp)) {
            files.createDirectories(dir);
        }
    }

    /** A builder for storage rooted at {@code root}, a directory on any file system provider. */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /** The root directory, as resolved when the storage was built. */
    public Path root() {
        return files.root();
    }

    @Override
    public StoredArtifact put(ArtifactKey key, InputStream content, long maxBytes) throws IOException {
        StorageChecks.putArguments(key, content, maxBytes);
        Path live = files.artifactDirectory(objects, key);
        Path deleted = files.artifactDirectory(trash, key);
        refuseExisting(key, live, deleted); // early, so a duplicate is refused before its bytes are read
        files.createDirectories(tmp);
        String tempName = PUT_PREFIX + UUID.randomUUID();
        Path temp = tmp.resolve(tempName);
        inFlight.add(tempName);
        boolean published = false;
        try {
            Files.createDirectory(temp);
            DigestingCopier.Result copied;
            try (FileChannel out = FileChannel.open(temp.resolve(DATA), CREATE_NEW, WRITE)) {
                copied = DigestingCopier.copy(content, Channels.newOutputStream(out), maxBytes);
                if (copied.exceeded()) {
                    throw new ArtifactTooLargeException(key, maxBytes);
                }
                out.force(true);
            }
            StoredArtifact stored = new StoredArtifact(key, copied.size(), copied.sha256(), clock.instant());
            files.writeDurably(temp.resolve(MetaFile.NAME), MetaFile.encode(stored));
            ArtifactWalk.stamp(temp, stored.storedAt());
            files.syncDirectory(temp);
            publish(key, temp, live, deleted);
            published = true;
            return stored;
        } finally {
            if (!published) {
                SafeFiles.deleteQuietly(temp);
                SafeFiles.pruneEmptyDirectories(live.getParent(), objects);
            }
            inFlight.remove(tempName);
        }
    }

    private void publish(ArtifactKey key, Path temp, Path live, Path deleted) throws IOException {
        synchronized (stripe(key)) {
            refuseExisting(key, live, deleted);
            for (int attempt = 1; ; attempt++) {
                try {
                    files.createDirectories(live.getParent());
                    files.moveAtomically(temp, live, false);
                    break;
                } catch (NoSuchFileException pruned) {
                    // A delete of a neighbouring key removed a parent that had just become empty; make it again.
                    if (attempt == PUBLISH_ATTEMPTS) {
                        throw pruned;
                    }
                } catch (FileSystemException e) {
                    if (files.exists(live)) {
                        throw conflict(key); // another process published the same key first
                    }
                    throw e;
                }
            }
            try {
                files.syncDirectory(live.getParent());
            } catch (IOException notDurable) {
                // Visible but maybe not durable: take it back, so that a failed put never leaves anything behind.
                try {
                    files.moveAtomically(live, temp, false);
                } catch (IOException undo) {
                    notDurable.addSuppressed(undo);
                }
                throw notDurable;
            }
        }
    }

    private void refuseExisting(ArtifactKey key, Path live, Path deleted) throws IOException {
        if (files.exists(live) || files.exists(deleted)) {
            throw conflict(key);
        }
    }

    private static ConflictException conflict(ArtifactKey key) {
        return StorageChecks.keyTaken(key);
    }

    @Override
    public Optional<StoredArtifact> stat(ArtifactKey key) {
        Checks.notNull(key, "key");
        Path live = files.artifactDirectory(objects, key);
        try {
            if (!files.exists(live)) {
                return Optional.empty();
            }
            return Optional.of(MetaFile.read(live, key));
        } catch (NoSuchFileException deletedMeanwhile) {
            return Optional.empty();
        } catch (IOException e) {
            files.refuseIfLinkQuietly(live.resolve(MetaFile.NAME));
            throw new UncheckedIOException("could not read the metadata of artifact " + key + " in " + live, e);
        }
    }

    @Override
    public InputStream open(ArtifactKey key, long offset, long length) throws IOException {
        FileChannel channel = openChannel(key).orElseThrow(() -> new NotFoundException("artifact", key.value()));
        try {
            long size = channel.size();
            StorageChecks.range(key, offset, length, size);
            return new RangeInputStream(channel, key.value(), offset, length);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The artifact's data file, opened read-only and without following links. */
    @Override
    public Optional<FileChannel> openChannel(ArtifactKey key) throws IOException {
        Checks.notNull(key, "key");
        Path live = files.artifactDirectory(objects, key);
        if (!files.exists(live)) {
            return Optional.empty();
        }
        Path data = live.resolve(DATA);
        try {
            return Optional.of(FileChannel.open(data, READ, NOFOLLOW_LINKS));
        } catch (NoSuchFileException deletedMeanwhile) {
            return Optional.empty();
        } catch (IOException e) {
            files.refuseIfLink(data);
            throw e;
        }
    }

    @Override
    public boolean delete(ArtifactKey key) throws IOException {
        Checks.notNull(key, "key");
        return relocate(key, files.artifactDirectory(objects, key), files.artifactDirectory(trash, key), objects);
    }

    @Override
    public boolean restore(ArtifactKey key) throws IOException {
        Checks.notNull(key, "key");
        return relocate(key, files.artifactDirectory(trash, key), files.artifactDirectory(objects, key), trash);
    }

    private boolean relocate(ArtifactKey key, Path from, Path to, Path fromArea) throws IOException {
        synchronized (stripe(key)) {
            if (!files.exists(from)) {
                return false;
            }
            if (files.exists(to)) {
                throw new StorageLayoutException("artifact " + key + " is both in " + from + " and in " + to
                        + "; keep the one whose meta.json you trust and remove the other");
            }
            // Stamped before the move, so the time travels with it: list() reads it as lastModified and deletedAt.
            ArtifactWalk.stamp(from, clock.instant());
            files.createDirectories(to.getParent());
            files.moveAtomically(from, to, false);
            files.syncDirectory(to.getParent());
            files.syncDirectory(from.getParent());
            SafeFiles.pruneEmptyDirectories(from.getParent(), fromArea);
            return true;
        }
    }

    @Override
    public boolean purge(ArtifactKey key) throws IOException {
        Checks.notNull(key, "key");
        Path live = files.artifactDirectory(objects, key);
        Path deleted = files.artifactDirectory(trash, key);
        String tempName = PURGE_PREFIX + UUID.randomUUID();
        Path aside = tmp.resolve(tempName);
        synchronized (stripe(key)) {
            Path victim = files.exists(live) ? live : files.exists(deleted) ? deleted : null;
            if (victim == null) {
                return false;
            }
            inFlight.add(tempName);
            try {
                // Out of sight in one step, then deleted at leisure: a crash midway leaves only tmp/ to sweep.
                files.moveAtomically(victim, aside, false);
                files.syncDirectory(victim.getParent());
                SafeFiles.pruneEmptyDirectories(victim.getParent(), victim.startsWith(objects) ? objects : trash);
                SafeFiles.deleteTree(aside);
            } catch (IOException e) {
                throw new IOException("could not finish purging artifact " + key + "; if it is no longer listed,"
                        + " recover() removes its remaining bytes under " + tmp, e);
            } finally {
                inFlight.remove(tempName);
            }
            return true;
        }
    }

    /** Lists {@code objects/} and {@code trash/} side by side, in key order (see {@link ArtifactWalk}). */
    @Override
    public StoredObjectPage list(String after, int limit) throws IOException {
        StorageChecks.listArguments(after, limit);
        return StorageChecks.merge(ArtifactWalk.list(objects, after, limit, false),
                ArtifactWalk.list(trash, after, limit, true), limit);
    }

    /** {@link #recover()}: only what has been idle for {@code staleTempAfter}, so other writers are left alone. */
    @Override
    public List<String> sweepLeftovers() throws IOException {
        return recover().stream().map(Path::toString).toList();
    }

    /** Like {@link #recover(Duration)} with the builder's {@code staleTempAfter}: safe while other writers run. */
    public List<Path> recover() throws IOException {
        return recover(staleTempAfter);
    }

    /**
     * Removes what crashed puts and purges left in {@code tmp/}: every entry whose last write is at least
     * {@code olderThan} ago, except this instance's own work in flight. {@link Duration#ZERO} removes all of them;
     * call it so at startup when no other process writes to this root.
     *
     * @return the removed entries
     */
    public List<Path> recover(Duration olderThan) throws IOException {
        Checks.notNull(olderThan, "olderThan");
        if (olderThan.isNegative()) {
            throw new InvalidInputException("olderThan is " + olderThan + " but must be zero or positive");
        }
        files.createDirectories(tmp);
        Instant cutoff = olderThan.isZero() ? Instant.MAX : clock.instant().minus(olderThan);
        return files.sweep(tmp, name -> (name.startsWith(PUT_PREFIX) || name.startsWith(PURGE_PREFIX))
                && !inFlight.contains(name), cutoff);
    }

    /** Where a live artifact's bytes are, for the release view's hard links; empty when missing or deleted. */
    Optional<Path> liveData(ArtifactKey key) throws IOException {
        Path live = files.artifactDirectory(objects, key);
        return files.exists(live) ? Optional.of(live.resolve(DATA)) : Optional.empty();
    }

    private Object stripe(ArtifactKey key) {
        return stripes[Math.floorMod(key.hashCode(), stripes.length)];
    }

    /** Settings of a {@link FileSystemArtifactStorage}; every one has a default. */
    public static final class Builder {
        private final Path root;
        private InstantSource clock = InstantSource.system();
        private Duration staleTempAfter = Duration.ofHours(1);
        private boolean createRoot = true;

        private Builder(Path root) {
            this.root = Checks.notNull(root, "root");
        }

        /** What {@code storedAt} and the age of leftovers are measured with; the system clock by default. */
        public Builder clock(InstantSource value) {
            this.clock = Checks.notNull(value, "clock");
            return this;
        }

        /**
         * How long a temporary entry must have been idle before {@link #recover()} removes it; one hour by default.
         * Longer than any upload stalls, since a stalled upload's entry looks exactly like a crashed one.
         */
        public Builder staleTempAfter(Duration value) {
            Checks.notNull(value, "staleTempAfter");
            if (value.isNegative() || value.isZero()) {
                throw new InvalidInputException("staleTempAfter is " + value + " but must be positive; pass"
                        + " Duration.ZERO to recover(Duration) instead to sweep everything at startup");
            }
            this.staleTempAfter = value;
            return this;
        }

        /** Whether a missing root is created (the default) or refused, to catch a mistyped or unmounted path. */
        public Builder createRoot(boolean value) {
            this.createRoot = value;
            return this;
        }

        /**
         * Checks the root and creates {@code objects/}, {@code trash/} and {@code tmp/} in it.
         *
         * @throws InvalidInputException if the root is a file, or is missing and {@code createRoot} is off
         * @throws StorageLayoutException if one of those directories is a link or a file
         */
        public FileSystemArtifactStorage build() throws IOException {
            Path absolute = root.toAbsolutePath().normalize();
            if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
                throw new InvalidInputException("artifact storage root " + absolute + " is a file; point it at a"
                        + " directory");
            }
            if (!Files.exists(absolute)) {
                if (!createRoot) {
                    throw new InvalidInputException("artifact storage root " + absolute + " does not exist; create"
                            + " it (or mount it) first, or allow createRoot");
                }
                Files.createDirectories(absolute);
            }
            // The root itself may be a link (say to a data volume); what lies below it may not.
            return new FileSystemArtifactStorage(absolute.toRealPath(), this);
        }
    }
}
