package io.voyagerota.storage.fs;

import io.voyagerota.ConflictException;
import io.voyagerota.InvalidInputException;
import io.voyagerota.NotFoundException;
import io.voyagerota.support.Checks;
import io.voyagerota.support.StorageChecks;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.StoredArtifact;
import io.voyagerota.version.Version;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardOpenOption.WRITE;

/**
 * The release tree operators know from hand-built OTA setups, kept beside a {@link FileSystemArtifactStorage}:
 * <pre>
 * {product}/releases/v{version}/firmware.bin    a hard link to the stored artifact (a copy where links fail)
 * {product}/releases/v{version}/version.txt     the version and a newline
 * {product}/releases/v{version}/metadata.json   product, version, key, size, sha256, storedAt, metadata
 * {product}/production                          the current production release
 * .tmp/                                         work in flight
 * </pre>
 * A release directory is built in {@code .tmp/} and renamed into place in one step, so it is seen whole or not at
 * all. {@code production} is a symbolic link to {@code releases/v{version}}, replaced by renaming a new link over
 * it: POSIX renames a link over a link atomically, while it cannot replace a non-empty directory in one step.
 * Where links cannot be made (Windows without the privilege, some providers) {@code production} is a directory of
 * links or copies, swapped with two renames; a crash between them leaves the old one in {@code .tmp/}, and
 * {@link #recover()} puts it back.
 *
 * <p>Every method is idempotent, as outbox handlers need: it returns whether it changed anything. One view instance
 * per root; its methods are serialised.
 */
public final class FileSystemReleaseView {
    private static final Pattern PRODUCT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final String FIRMWARE = "firmware.bin";
    private static final String VERSION = "version.txt";
    private static final String METADATA = "metadata.json";
    private static final String PRODUCTION = "production";
    private static final String RELEASES = "releases";
    /** Prefix of a production set aside during a swap; {@link #recover()} puts it back if nothing replaced it. */
    private static final String ASIDE = "old@";
    /** Far more than a changelog needs; bounded so that reading a release's files back stays cheap. */
    private static final int MAX_METADATA_BYTES = 1024 * 1024;

    private final SafeFiles files;
    private final FileSystemArtifactStorage storage;
    private final Path tmp;

    private FileSystemReleaseView(Path root, FileSystemArtifactStorage storage) throws IOException {
        this.files = new SafeFiles(root);
        this.storage = storage;
        this.tmp = root.resolve(".tmp");
        files.createDirectories(tmp);
    }

    /**
     * A view under {@code root}, separate from the storage's root. Put both on one file system so that
     * {@code firmware.bin} can be a hard link rather than a copy.
     */
    public static FileSystemReleaseView create(Path root, FileSystemArtifactStorage storage) throws IOException {
        Checks.notNull(root, "root");
        Checks.notNull(storage, "storage");
        Path absolute = root.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new InvalidInputException("release view root " + absolute + " is a file; point it at a directory");
        }
        Files.createDirectories(absolute);
        Path real = absolute.toRealPath();
        if (real.startsWith(storage.root()) || storage.root().startsWith(real)) {
            throw new InvalidInputException("release view root " + real + " overlaps the artifact storage root "
                    + storage.root() + "; give the view a directory of its own, beside the storage's");
        }
        return new FileSystemReleaseView(real, storage);
    }

    /** The root directory, as resolved when the view was created. */
    public Path root() {
        return files.root();
    }

    /**
     * Makes {@code {product}/releases/v{version}/} from a live artifact.
     *
     * @return false if that release is already there with the same content
     * @throws NotFoundException if the artifact is missing or deleted
     * @throws ConflictException if the release is there with different content: releases are never rewritten
     */
    public synchronized boolean publish(String productId, Version version, ArtifactKey key,
                                        Map<String, String> metadata) throws IOException {
        Checks.notNull(version, "version");
        Checks.notNull(key, "key");
        Path release = releaseDir(productId, version);
        StoredArtifact artifact = storage.stat(key).orElseThrow(() -> missingArtifact(key));
        byte[] description = describe(productId, version, artifact, metadata);
        if (files.exists(release)) {
            if (Arrays.equals(description, readSmall(release.resolve(METADATA)))) {
                return false;
            }
            throw new ConflictException("release " + productId + " " + version + " is already published with other"
                    + " content; releases are never rewritten: publish a new version, or remove this one first");
        }
        Path build = tmp.resolve("build-" + UUID.randomUUID());
        try {
            Files.createDirectory(build);
            Path data = storage.liveData(key).orElseThrow(() -> missingArtifact(key));
            linkOrCopy(data, build.resolve(FIRMWARE), key);
            files.writeDurably(build.resolve(VERSION), (version + "\n").getBytes(StandardCharsets.UTF_8));
            files.writeDurably(build.resolve(METADATA), description);
            files.syncDirectory(build);
            files.createDirectories(release.getParent());
            files.moveAtomically(build, release, false);
            files.syncDirectory(release.getParent());
            return true;
        } finally {
            SafeFiles.deleteQuietly(build);
        }
    }

    /**
     * Makes {@code {product}/production} the given published release, replacing the previous one in one step.
     *
     * @return false if it already was
     * @throws NotFoundException if that release was not published
     */
    public synchronized boolean promote(String productId, Version version) throws IOException {
        Path release = releaseDir(productId, version);
        if (!files.exists(release)) {
            throw new NotFoundException("release", productId + " " + version
                    + " in the release view (publish it first)");
        }
        Path productDir = release.getParent().getParent();
        Path production = productDir.resolve(PRODUCTION);
        Optional<BasicFileAttributes> current = SafeFiles.attributes(production);
        if (current.isPresent() && isRelease(production, current.get(), release)) {
            return false;
        }
        Path link = productDir.getFileSystem().getPath(RELEASES, release.getFileName().toString());
        Path candidate = tmp.resolve("next-" + UUID.randomUUID());
        boolean linked = tryLink(candidate, link);
        try {
            if (!linked) {
                Files.createDirectory(candidate);
                for (String name : List.of(FIRMWARE, VERSION, METADATA)) {
                    linkOrCopy(release.resolve(name), candidate.resolve(name), null);
                }
                files.syncDirectory(candidate);
            }
            if (current.isEmpty()) {
                files.moveAtomically(candidate, production, false);
            } else if (linked && current.get().isSymbolicLink()) {
                files.moveAtomically(candidate, production, true);
            } else {
                Path aside = tmp.resolve(ASIDE + productId + "@" + UUID.randomUUID());
                files.moveAtomically(production, aside, false);
                try {
                    files.moveAtomically(candidate, production, false);
                } catch (IOException failed) {
                    try {
                        files.moveAtomically(aside, production, false);
                    } catch (IOException undo) {
                        failed.addSuppressed(undo); // recover() puts it back
                    }
                    throw failed;
                }
                files.syncDirectory(productDir);
                SafeFiles.deleteTree(aside);
            }
            files.syncDirectory(productDir);
            return true;
        } finally {
            SafeFiles.deleteQuietly(candidate);
        }
    }

    /**
     * Removes {@code {product}/production}, for a product with no release in production any more.
     *
     * @return false if there was none
     */
    public synchronized boolean clearProduction(String productId) throws IOException {
        Path production = productDir(productId).resolve(PRODUCTION);
        if (SafeFiles.attributes(production).isEmpty()) {
            return false;
        }
        Path gone = tmp.resolve("cleared-" + UUID.randomUUID());
        files.moveAtomically(production, gone, false);
        files.syncDirectory(production.getParent());
        SafeFiles.deleteTree(gone);
        return true;
    }

    /**
     * Removes {@code {product}/releases/v{version}/}.
     *
     * @return false if it was not there
     * @throws ConflictException if it is the production release
     */
    public synchronized boolean remove(String productId, Version version) throws IOException {
        Path release = releaseDir(productId, version);
        if (!files.exists(release)) {
            return false;
        }
        Path production = release.getParent().getParent().resolve(PRODUCTION);
        Optional<BasicFileAttributes> current = SafeFiles.attributes(production);
        if (current.isPresent() && isRelease(production, current.get(), release)) {
            throw new ConflictException("release " + productId + " " + version + " is in production; promote"
                    + " another release or clear production before removing it");
        }
        Path gone = tmp.resolve("removed-" + UUID.randomUUID());
        files.moveAtomically(release, gone, false);
        files.syncDirectory(release.getParent());
        SafeFiles.deleteTree(gone);
        return true;
    }

    /** The version in {@code {product}/production}, read from its {@code version.txt}. */
    public Optional<Version> production(String productId) throws IOException {
        Path production = productDir(productId).resolve(PRODUCTION);
        Optional<BasicFileAttributes> current = SafeFiles.attributes(production);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        Path dir = current.get().isSymbolicLink() ? linkedRelease(production) : production;
        return Optional.of(Version.parse(new String(readSmall(dir.resolve(VERSION)), StandardCharsets.UTF_8).strip()));
    }

    /**
     * Finishes what a crash interrupted: puts back a production set aside during a swap if nothing replaced it,
     * and removes every other leftover in {@code .tmp/}.
     *
     * @return the leftovers handled
     */
    public synchronized List<Path> recover() throws IOException {
        List<Path> handled = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                int end = name.lastIndexOf('@');
                String product = end > ASIDE.length() ? name.substring(ASIDE.length(), end) : "";
                if (name.startsWith(ASIDE) && PRODUCT.matcher(product).matches()) {
                    Path production = productDir(product).resolve(PRODUCTION);
                    if (SafeFiles.attributes(production).isEmpty()) {
                        files.moveAtomically(entry, production, false);
                        files.syncDirectory(production.getParent());
                        handled.add(entry);
                        continue;
                    }
                }
                SafeFiles.deleteTree(entry);
                handled.add(entry);
            }
        }
        files.syncDirectory(tmp);
        return List.copyOf(handled);
    }

    private Path productDir(String productId) {
        Checks.matches(productId, PRODUCT, "product id", "1 to 63 characters of a-z, 0-9 and '-', starting with a"
                + " letter or digit");
        return files.root().resolve(productId);
    }

    private Path releaseDir(String productId, Version version) {
        String name = "v" + version;
        if (name.length() > 255) {
            throw new InvalidInputException("version " + version + " is too long for a directory name (at most 254"
                    + " characters); shorten its prerelease or build part");
        }
        Path release = productDir(productId).resolve(RELEASES).resolve(name);
        files.below(release);
        return release;
    }

    /** Whether {@code production} (a link or a directory) is {@code release}. */
    private boolean isRelease(Path production, BasicFileAttributes attributes, Path release) throws IOException {
        if (attributes.isSymbolicLink()) {
            return linkedRelease(production).equals(release);
        }
        return attributes.isDirectory() && Arrays.equals(readSmall(production.resolve(METADATA)),
                readSmall(release.resolve(METADATA)));
    }

    /** The release a production link points at, refusing a link that Voyager did not make. */
    private Path linkedRelease(Path production) throws IOException {
        Path target = Files.readSymbolicLink(production);
        Path resolved = production.resolveSibling(target).normalize();
        if (target.isAbsolute() || target.getNameCount() != 2 || !target.getName(0).toString().equals(RELEASES)
                || !resolved.getParent().equals(production.resolveSibling(RELEASES))) {
            throw new StorageLayoutException(production + " links to " + target + ", not to a release of its own"
                    + " product; remove the link and promote again");
        }
        return resolved;
    }

    private static boolean tryLink(Path link, Path target) throws IOException {
        try {
            Files.createSymbolicLink(link, target);
            return true;
        } catch (UnsupportedOperationException | FileSystemException noLinks) {
            // No symbolic links here (Windows without the privilege, some providers): production becomes a directory.
            return false;
        }
    }

    /** A hard link to {@code source}, or where the provider or a volume boundary forbids it, a forced copy. */
    private static void linkOrCopy(Path source, Path target, ArtifactKey key) throws IOException {
        try {
            Files.createLink(target, source);
            return;
        } catch (NoSuchFileException gone) {
            if (key == null) {
                throw gone;
            }
            throw missingArtifact(key);
        } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
            // Copied below.
        }
        Files.copy(source, target, NOFOLLOW_LINKS);
        try (FileChannel channel = FileChannel.open(target, WRITE)) {
            channel.force(true);
        }
    }

    private static byte[] describe(String productId, Version version, StoredArtifact artifact,
                                   Map<String, String> metadata) {
        Map<String, String> sorted = StorageChecks.releaseMetadata(metadata);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("product", productId);
        fields.put("version", version.toString());
        fields.put("key", artifact.key().value());
        fields.put("size", artifact.size());
        fields.put("sha256", artifact.sha256());
        fields.put("storedAt", artifact.storedAt().toString());
        fields.put("metadata", sorted);
        byte[] json = (Json.object(fields) + "\n").getBytes(StandardCharsets.UTF_8);
        if (json.length > MAX_METADATA_BYTES) {
            throw new InvalidInputException("release metadata of " + productId + " " + version + " takes "
                    + json.length + " bytes; keep metadata.json under " + MAX_METADATA_BYTES + " bytes");
        }
        return json;
    }

    private static byte[] readSmall(Path file) throws IOException {
        try (var in = Files.newInputStream(file, NOFOLLOW_LINKS)) {
            return in.readNBytes(MAX_METADATA_BYTES + 1);
        }
    }

    private static NotFoundException missingArtifact(ArtifactKey key) {
        return new NotFoundException("artifact", key.value() + " (missing or deleted; restore it before publishing)");
    }
}
