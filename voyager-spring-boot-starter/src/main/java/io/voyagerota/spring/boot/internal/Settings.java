package io.voyagerota.spring.boot.internal;

import io.voyagerota.InvalidInputException;
import io.voyagerota.signing.SigningKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/** Turns {@code voyager.*} properties into the library's values, with errors that name the property to fix. */
public final class Settings {
    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);
    private static final int MIN_LINK_SECRET_BYTES = 32;

    private Settings() {
    }

    /** The link key from {@code voyager.links.secret}, or a random one for this process when it is empty. */
    public static byte[] linkSecret(String base64) {
        if (base64.isBlank()) {
            LOG.warn("voyager.links.secret is not set: download links are signed with a key generated for this"
                    + " process only, so they stop working at a restart and on other nodes; set it to the base64 of"
                    + " 32 random bytes (openssl rand -base64 32)");
            byte[] secret = new byte[MIN_LINK_SECRET_BYTES];
            new SecureRandom().nextBytes(secret);
            return secret;
        }
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("voyager.links.secret is not base64: give the base64 of 32 random bytes"
                    + " or more (openssl rand -base64 32)");
        }
        if (secret.length < MIN_LINK_SECRET_BYTES) {
            throw new InvalidInputException("voyager.links.secret holds " + secret.length + " bytes; give 32 or"
                    + " more (openssl rand -base64 32)");
        }
        return secret;
    }

    /** The offer key in the PEM file {@code voyager.offer.key-file}; empty when the property is empty. */
    public static Optional<SigningKey> offerKey(String keyFile) {
        if (keyFile.isBlank()) {
            return Optional.empty();
        }
        Path file = Path.of(keyFile.strip());
        if (!Files.isReadable(file)) {
            throw new InvalidInputException("voyager.offer.key-file " + file + " does not exist or cannot be read;"
                    + " create one with `voyager keys generate` or unset the property (tests only)");
        }
        try {
            return Optional.of(SigningKey.fromPem(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read voyager.offer.key-file " + file, e);
        }
    }

    /** {@code /ota/} becomes {@code /ota}; {@code /} becomes empty. */
    public static String trimSlash(String path) {
        String p = path.strip();
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
