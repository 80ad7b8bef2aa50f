package io.voyagerota.signing;

import io.voyagerota.support.Checks;
import io.voyagerota.support.DeviceSlots;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Signs offers with the server's offer key (the online key): ECDSA P-256 over SHA-256 of the exact body bytes a
 * device receives (docs/device-api.md, "Offer authentication").
 *
 * <p>An ECDSA signature costs hundreds of microseconds on the JDK, far more than the rest of a check, while a device
 * polling within one link window gets the very same body again. So the last signature made for each device is kept
 * in a bounded cache ({@link DeviceSlots}) and reused while the body is byte for byte the same; what makes each answer
 * fresh is the per-check {@link OfferProof}, an HMAC. Thread-safe and lock-free: a slot holds an immutable entry,
 * and a race between two writers only costs one of them its cached signature.
 */
public final class OfferSigner {
    /**
     * The default number of cache slots: about 15 MB when full (some 230 bytes an entry), enough that tens of
     * thousands of devices polling within one window mostly find their own signature.
     */
    public static final int DEFAULT_CACHE_SLOTS = 65536;

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    });

    private final SigningKey key;
    private final String keyIdHex;
    private final DeviceSlots<SignedOffer> cache;

    /** @param cacheSlots rounded up to a power of two (at least 4); 0 disables the cache (every offer is signed anew) */
    public OfferSigner(SigningKey key, int cacheSlots) {
        this.key = Checks.notNull(key, "offer key");
        this.keyIdHex = key.keyId().hex();
        Checks.inRange(cacheSlots, 0, 1 << 24, "cacheSlots");
        this.cache = new DeviceSlots<>(cacheSlots);
    }

    public OfferSigner(SigningKey key) {
        this(key, DEFAULT_CACHE_SLOTS);
    }

    /** The public half: what devices are built with. */
    public VerifyingKey verifyingKey() {
        return key.verifyingKey();
    }

    public KeyId keyId() {
        return key.keyId();
    }

    /** Signs the first {@code length} bytes of {@code body}, an offer for {@code deviceId}. */
    public SignedOffer sign(String deviceId, byte[] body, int length) {
        Checks.notNull(deviceId, "deviceId");
        byte[] digest = sha256(body, length);
        Digest source = new Digest(digest);
        SignedOffer signed = cache.find(deviceId, source);
        if (signed == null) {
            signed = fresh(body, length, digest);
            cache.put(deviceId, source, signed);
        }
        return signed;
    }

    private SignedOffer fresh(byte[] body, int length, byte[] digest) {
        return new SignedOffer(digest, key.sign(Arrays.copyOf(body, length)).base64(), keyIdHex);
    }

    static byte[] sha256(byte[] bytes, int length) {
        MessageDigest sha = SHA256.get();
        sha.update(bytes, 0, length);
        return sha.digest();
    }

    /** A body's SHA-256, equal to another by content. */
    private record Digest(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Digest d && Arrays.equals(bytes, d.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Digest[" + bytes.length + " bytes]";
        }
    }
}
