package io.voyagerota.signing;

import io.voyagerota.support.Checks;

import java.util.regex.Pattern;

/**
 * The fingerprint of a release public key: the lowercase hex SHA-256 of its DER SubjectPublicKeyInfo with the point
 * uncompressed, which is what {@code openssl pkey -pubin -in pub.pem -outform DER | sha256sum} prints. It names a
 * key in logs and lets a device pick the matching key when it holds more than one.
 *
 * @param hex 64 lowercase hexadecimal digits
 */
public record KeyId(String hex) {
    private static final Pattern HEX_64 = Pattern.compile("[0-9a-f]{64}");

    public KeyId {
        Checks.matches(hex, HEX_64, "key id", "64 lowercase hex digits (the SHA-256 of the public key's DER)");
    }

    /** The first 16 hex digits, enough to tell keys apart in a log line. */
    public String shortForm() {
        return hex.substring(0, 16);
    }

    @Override
    public String toString() {
        return hex;
    }
}
