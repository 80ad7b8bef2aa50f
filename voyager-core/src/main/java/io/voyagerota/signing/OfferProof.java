package io.voyagerota.signing;

import io.voyagerota.InvalidInputException;
import io.voyagerota.support.Checks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.regex.Pattern;

/**
 * The proof that an offer answers one check: an HMAC-SHA256 of the check's nonce and the body's SHA-256 under a key
 * derived from the device's credential (docs/device-api.md, "Offer authentication"). The device derives the same
 * key from the secret it holds; the server derives it from the secret the check presented, so it stores nothing
 * new, and a leak of the stored credential hashes does not reveal it.
 */
public final class OfferProof {
    /** What a nonce may be: 16 to 64 of letters, digits, '_' and '-'. */
    public static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final byte[] KEY_LABEL = "voyager-offer-proof-key".getBytes(StandardCharsets.US_ASCII);
    // Mac.getInstance looks the provider up each time, which costs more than the HMAC of a nonce itself.
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    });
    private static final byte[] PROOF_LABEL = "voyager-offer-proof\n".getBytes(StandardCharsets.US_ASCII);

    private OfferProof() {
    }

    /** A device's proof key, derived from its credential. */
    public static final class Key {
        private final SecretKeySpec spec;

        private Key(byte[] bytes) {
            this.spec = new SecretKeySpec(bytes, "HmacSHA256");
        }

        /** {@code HMAC-SHA256(key = UTF-8 secret, "voyager-offer-proof-key")}. */
        public static Key fromSecret(String deviceSecret) {
            Checks.notNull(deviceSecret, "device secret");
            if (deviceSecret.isEmpty()) {
                throw new InvalidInputException("a device secret is not empty");
            }
            return new Key(hmac(deviceSecret.getBytes(StandardCharsets.UTF_8), KEY_LABEL, null, null));
        }

        /** The raw 32 key bytes, for test vectors. */
        public byte[] bytes() {
            return spec.getEncoded();
        }
    }

    /** Whether a nonce has the allowed form. */
    public static boolean validNonce(String nonce) {
        return nonce != null && NONCE.matcher(nonce).matches();
    }

    /** {@code HMAC-SHA256(key, "voyager-offer-proof\n" ‖ nonce ‖ "\n" ‖ bodyDigest)}. */
    public static byte[] proof(Key key, String nonce, byte[] bodyDigest) {
        Checks.notNull(key, "proof key");
        if (!validNonce(nonce)) {
            throw new InvalidInputException("a nonce is 16 to 64 letters, digits, '_' or '-'");
        }
        byte[] middle = (nonce + "\n").getBytes(StandardCharsets.US_ASCII);
        return hmac(key.spec.getEncoded(), PROOF_LABEL, middle, bodyDigest);
    }

    private static byte[] hmac(byte[] key, byte[] a, byte[] b, byte[] c) {
        try {
            Mac mac = HMAC.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(a);
            if (b != null) {
                mac.update(b);
            }
            if (c != null) {
                mac.update(c);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an HMAC-SHA256 key of 32 bytes is always valid", e);
        }
    }
}
