package io.voyagerota.transport.http.webhook;

import io.voyagerota.InvalidInputException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * The key a webhook is signed with, in the Standard Webhooks form: {@code whsec_} followed by the base64 of 24 to 64
 * random bytes. The receiver keeps the same string. {@link #toString()} never shows the key.
 */
public final class WebhookSecret {
    /** The prefix of the serialized form. */
    public static final String PREFIX = "whsec_";
    private static final int MIN_BYTES = 24;
    private static final int MAX_BYTES = 64;

    private final byte[] key;

    private WebhookSecret(byte[] key) {
        this.key = key;
    }

    /**
     * Reads {@code whsec_<base64>}.
     *
     * @throws InvalidInputException naming what is wrong, never showing the value
     */
    public static WebhookSecret parse(String value) {
        if (value == null || !value.startsWith(PREFIX)) {
            throw new InvalidInputException("a webhook secret must start with '" + PREFIX + "' followed by the"
                    + " base64 of 24 to 64 random bytes; generate one with `echo whsec_$(openssl rand -base64 32)`");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(value.substring(PREFIX.length()).trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("the webhook secret after '" + PREFIX + "' is not valid base64;"
                    + " generate one with `echo whsec_$(openssl rand -base64 32)`");
        }
        if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
            throw new InvalidInputException("the webhook secret holds " + key.length + " bytes but must hold "
                    + MIN_BYTES + " to " + MAX_BYTES + "; generate one with `echo whsec_$(openssl rand -base64 32)`");
        }
        return new WebhookSecret(key);
    }

    /** A new secret of 32 random bytes. */
    public static WebhookSecret generate() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new WebhookSecret(key);
    }

    /** The serialized form, {@code whsec_<base64>}, for handing to the receiver once. */
    public String reveal() {
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /**
     * The {@code webhook-signature} header's value for one message: {@code v1,} and the base64 of
     * HMAC-SHA256(key, {@code id + "." + timestamp + "." + body}).
     *
     * @param timestamp the {@code webhook-timestamp} header, Unix seconds
     */
    public String sign(String id, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WebhookSecret other && java.security.MessageDigest.isEqual(key, other.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return PREFIX + "(redacted)";
    }
}
