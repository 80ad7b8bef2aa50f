package io.voyagerota.catalog;

import io.voyagerota.support.Checks;

import java.util.regex.Pattern;

/**
 * A detached signature by the release key: ECDSA P-256 over SHA-256, 64 bytes r‖s, carried as base64.
 *
 * @param algorithm always {@link #ECDSA_P256_SHA256} for now
 * @param base64    the 64-byte signature, standard base64 with padding
 */
public record ReleaseSignature(String algorithm, String base64) {
    public static final String ECDSA_P256_SHA256 = "ecdsa-p256-sha256";
    private static final Pattern BASE64_64_BYTES = Pattern.compile("[A-Za-z0-9+/]{86}==");

    public ReleaseSignature {
        Checks.notNull(algorithm, "signature algorithm");
        if (!ECDSA_P256_SHA256.equals(algorithm)) {
            throw new io.voyagerota.InvalidInputException(
                    "signature algorithm \"" + algorithm + "\" is not supported; use " + ECDSA_P256_SHA256);
        }
        Checks.matches(base64, BASE64_64_BYTES, "signature", "the base64 of exactly 64 bytes (r‖s)");
    }
}
