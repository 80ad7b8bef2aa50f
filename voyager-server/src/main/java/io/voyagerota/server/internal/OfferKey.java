package io.voyagerota.server.internal;

import io.voyagerota.VoyagerException;
import io.voyagerota.server.ConfigException;
import io.voyagerota.server.ServerConfig;
import io.voyagerota.signing.KeyFormatException;
import io.voyagerota.signing.SigningKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The offer key {@code voyager serve} signs offers with: the one in {@code offer.key-file}, else the one kept in the
 * data directory, else one generated now and kept there, so the key id stays the same across restarts and the
 * devices built with its public half keep accepting offers. Whichever it is, its public half is written to
 * {@link DataDirectory#offerPublicKeyFile()}.
 *
 * <p>A key file must be readable by the server's user only: whoever reads it can sign offers that every device
 * accepts. One that other users may read, or that its group or others may change, is refused; one that its group
 * may read (a secret mounted for a service group) is used with a warning.
 *
 * @param key        the key; its {@code toString} never shows the secret
 * @param origin     where it came from
 * @param source     the file it was read from or written to
 * @param publicFile where its public half is
 */
public record OfferKey(SigningKey key, Origin origin, Path source, Path publicFile) {
    private static final Logger LOG = LoggerFactory.getLogger(OfferKey.class);
    /** Far more than any PEM key; a bigger file is not a key, and is not read into memory. */
    private static final long MAX_FILE_BYTES = 64 * 1024;
    private static final String GENERATE = "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out"
            + " offer-key.pem";

    /** Where the key came from. */
    public enum Origin { CONFIGURED, STORED, GENERATED }

    /**
     * Reads {@code offer.key-file} when it is set, before anything is created, so that a bad file stops the start
     * with nothing changed.
     *
     * @throws ConfigException naming the file and what to fix
     */
    public static Optional<SigningKey> configured(ServerConfig config) {
        if (config.offerKeyFile().isEmpty()) {
            return Optional.empty();
        }
        Path file = config.offerKeyFile().get();
        String what = "offer key file " + file + " (offer.key-file)";
        try {
            return Optional.of(read(file, what, ConfigException::new, "an offer key is made with: " + GENERATE));
        } catch (IOException e) {
            throw new ConfigException(what + " cannot be read (" + e.getMessage() + "); check the path and that the"
                    + " server's user may read it");
        }
    }

    /** The key to use: the configured one, the stored one, or a new one, which is stored before it is used. */
    public static OfferKey resolve(Optional<SigningKey> configured, ServerConfig config, DataDirectory dir)
            throws IOException {
        OfferKey resolved;
        Path stored = dir.offerKeyFile();
        if (configured.isPresent()) {
            resolved = new OfferKey(configured.get(), Origin.CONFIGURED, config.offerKeyFile().orElseThrow(),
                    dir.offerPublicKeyFile());
        } else if (Files.exists(stored)) {
            String what = "offer key file " + stored;
            SigningKey key = read(stored, what, message -> new VoyagerException("data-dir-unusable", message),
                    "restore the file from a backup: a new key would make devices built with the old public key"
                    + " refuse every offer");
            resolved = new OfferKey(key, Origin.STORED, stored, dir.offerPublicKeyFile());
        } else {
            SigningKey key = SigningKey.generate();
            DataDirectory.writeAtomically(stored, key.toPem(), DataDirectory.OWNER_ONLY_FILE);
            resolved = new OfferKey(key, Origin.GENERATED, stored, dir.offerPublicKeyFile());
        }
        resolved.writePublicHalf();
        return resolved;
    }

    /** Writes the public half where firmware builds find it, unless it is already there as it should be. */
    private void writePublicHalf() throws IOException {
        String pem = key.verifyingKey().toPem();
        if (Files.isRegularFile(publicFile) && Files.size(publicFile) < MAX_FILE_BYTES
                && Files.readString(publicFile, StandardCharsets.US_ASCII).equals(pem)) {
            return;
        }
        DataDirectory.writeAtomically(publicFile, pem, DataDirectory.PUBLIC_FILE);
    }

    /** One log line: the key id and where devices' builds find the public half; never the key itself. */
    public String describe() {
        String from = switch (origin) {
            case CONFIGURED -> "from " + source + " (offer.key-file)";
            case STORED -> "kept in " + source;
            case GENERATED -> "generated now and kept in " + source;
        };
        return "offer key " + key.keyId().shortForm() + " " + from + "; devices verify offers with its public half, "
                + publicFile;
    }

    /** @param damaged what to do when the file holds no usable key */
    private static SigningKey read(Path file, String what, Function<String, VoyagerException> refuse,
                                   String damaged) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw refuse.apply(what + " does not exist or is not a file");
        }
        if (!Files.isReadable(file)) {
            throw refuse.apply(what + " cannot be read by the server's user; make it readable by that user only"
                    + " (chown it to that user, then chmod 600)");
        }
        checkPermissions(file, what, refuse);
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw refuse.apply(what + " has " + Files.size(file) + " bytes, far more than a PEM key; give the"
                    + " PEM file of an ECDSA P-256 private key");
        }
        try {
            return SigningKey.fromPem(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (KeyFormatException e) {
            throw refuse.apply(what + " is not a usable offer key, an unencrypted ECDSA P-256 private key: "
                    + e.getMessage() + " (" + damaged + ")");
        } catch (CharacterCodingException e) {
            throw refuse.apply(what + " is not PEM text, so it holds no ECDSA P-256 private key (" + damaged + ")");
        }
    }

    private static void checkPermissions(Path file, String what, Function<String, VoyagerException> refuse)
            throws IOException {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system: the operator protects the file
        }
        String mode = PosixFilePermissions.toString(permissions);
        if (permissions.contains(PosixFilePermission.OTHERS_READ)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)
                || permissions.contains(PosixFilePermission.GROUP_WRITE)) {
            throw refuse.apply(what + " may be read or changed by other users (mode " + mode + "), and whoever"
                    + " holds it can sign offers that devices accept; make it readable by the server's user only:"
                    + " chmod 600 " + file);
        }
        if (permissions.contains(PosixFilePermission.GROUP_READ)) {
            LOG.warn("{} is readable by its group (mode {}): every member can sign offers that devices accept;"
                    + " chmod 600 it unless that group is the server's alone", what, mode);
        }
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "OfferKey[" + key.keyId().shortForm() + ", " + origin + ", " + source + "]";
    }
}
