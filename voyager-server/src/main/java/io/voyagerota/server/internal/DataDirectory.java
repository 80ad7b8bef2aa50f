package io.voyagerota.server.internal;

import io.voyagerota.VoyagerException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The server's data directory: {@code db/} (the H2 database), {@code artifacts/} (the artifact storage),
 * {@code secrets/} (the download-link key, the admin token's hash and the offer key, readable by the owner only) and
 * {@code offer-key.pub.pem}, the public half of the offer key, for firmware builds. Opening it takes
 * {@code voyager.lock}, so that two servers never share one directory: the storage's crash recovery and H2 both
 * assume they are alone.
 */
public final class DataDirectory implements AutoCloseable {
    static final String LINK_KEY = "download-link.key";
    static final String ADMIN_TOKEN_HASH = "admin-token.sha256";
    static final String OFFER_KEY = "offer-key.pem";
    static final String OFFER_PUBLIC_KEY = "offer-key.pub.pem";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> PUBLIC_FILE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Creates the layout where it is missing and locks the directory for this process. */
    public static DataDirectory open(Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(root);
            Files.createDirectories(root.resolve("db"));
            Files.createDirectories(root.resolve("artifacts"));
            Files.createDirectories(root.resolve("secrets"));
        } catch (FileSystemException e) {
            throw new VoyagerException("data-dir-unusable", "data directory " + root + " cannot be created ("
                    + e.getMessage() + "); choose another with --data-dir or VOYAGER_DATA_DIR");
        }
        restrict(root.resolve("secrets"), OWNER_ONLY_DIR);
        FileChannel channel = FileChannel.open(root.resolve("voyager.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new VoyagerException("data-dir-in-use", "data directory " + root + " is in use by another"
                    + " voyager server; stop it first or give this one its own --data-dir");
        }
        return new DataDirectory(root, channel, lock);
    }

    public Path root() {
        return root;
    }

    public Path database() {
        return root.resolve("db");
    }

    public Path artifacts() {
        return root.resolve("artifacts");
    }

    public Path secrets() {
        return root.resolve("secrets");
    }

    public Path adminTokenHashFile() {
        return secrets().resolve(ADMIN_TOKEN_HASH);
    }

    /** Where the generated offer key is kept (PKCS#8 PEM, owner-only). */
    public Path offerKeyFile() {
        return secrets().resolve(OFFER_KEY);
    }

    /** The public half of the offer key in use, whichever file it came from (SubjectPublicKeyInfo PEM). */
    public Path offerPublicKeyFile() {
        return root.resolve(OFFER_PUBLIC_KEY);
    }

    /**
     * The key download links are signed with: the one in {@code configured} (which must exist: every node of a
     * cluster reads the same key), or else the one generated on first start and kept here, so that links issued
     * before a restart stay valid until they expire.
     *
     * @return the key, where it came from, and whether it was generated now
     */
    public LinkKey linkKey(Optional<Path> configured) throws IOException {
        if (configured.isPresent()) {
            Path file = configured.get();
            if (!Files.isRegularFile(file)) {
                throw new VoyagerException("link-key-missing", "links.key-file " + file + " does not exist; create"
                        + " it with `openssl rand -base64 32 > " + file + "` and give every node the same file");
            }
            return new LinkKey(readLinkKey(file, "give every node of the cluster the same file"), file, false);
        }
        Path file = secrets().resolve(LINK_KEY);
        if (Files.exists(file)) {
            return new LinkKey(readLinkKey(file, "restore it from a backup, or delete it to have a new one made"
                    + " (download links issued before then stop working)"), file, false);
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        writeSecret(file, Base64.getEncoder().encodeToString(key) + "\n");
        return new LinkKey(key, file, true);
    }

    private static byte[] readLinkKey(Path file, String remedy) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length < 32) {
            throw new VoyagerException("data-dir-unusable", file + " does not hold a base64 key of at least 32"
                    + " bytes; " + remedy);
        }
        return key;
    }

    /** The download-link key, the file it is kept in, and whether this start generated it. */
    public record LinkKey(byte[] key, Path file, boolean generated) {
    }

    /** The stored SHA-256 of the admin token, if one was stored. */
    public Optional<String> adminTokenHash() throws IOException {
        Path file = adminTokenHashFile();
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String hash = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!SHA256_HEX.matcher(hash).matches()) {
            throw new VoyagerException("data-dir-unusable", file + " does not hold a SHA-256 in hex; delete it to"
                    + " have a new admin token generated, or set admin.token");
        }
        return Optional.of(hash);
    }

    /** Keeps the admin token's hash; the token itself is never written. */
    public void storeAdminTokenHash(String sha256Hex) throws IOException {
        writeSecret(adminTokenHashFile(), sha256Hex + "\n");
    }

    private static void writeSecret(Path file, String text) throws IOException {
        writeAtomically(file, text, OWNER_ONLY_FILE);
    }

    /**
     * Written beside the target with {@code permissions} (where the filesystem has POSIX ones), synced and renamed:
     * a crash leaves the old file or the new one, never a part.
     */
    static void writeAtomically(Path file, String text, Set<PosixFilePermission> permissions) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            restrict(temp, permissions);
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(file.getParent());
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, permissions);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the operator protects the directory
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some platforms cannot open a directory; the rename itself is still atomic
        }
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }
}
