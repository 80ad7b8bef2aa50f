package io.voyagerota.auth;

import io.voyagerota.support.Hex;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Credential helpers. Credentials are 256-bit random tokens, so a single SHA-256 is a sufficient one-way hash for
 * storing them (unlike passwords, they cannot be guessed from a dictionary); comparisons run in constant time.
 */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private Secrets() {
    }

    /** A new 256-bit credential, URL-safe base64 without padding (43 characters). */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The stored form of a credential: SHA-256, lowercase hex. */
    public static String hash(String token) {
        return Hex.sha256(token);
    }

    /** Whether {@code token} hashes to {@code storedHash}, in time independent of where they differ. */
    public static boolean matches(String token, String storedHash) {
        byte[] actual = hash(token).getBytes(StandardCharsets.US_ASCII);
        byte[] expected = storedHash.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(actual, expected);
    }

    /** Whether {@code value} has the form {@link #hash} produces: 64 lower-case hex digits. */
    public static boolean isHash(String value) {
        return HASH.matcher(value).matches();
    }
}
