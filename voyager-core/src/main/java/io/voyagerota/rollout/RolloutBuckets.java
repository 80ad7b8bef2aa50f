package io.voyagerota.rollout;

/**
 * The consistent hash that places a device in a percentage rollout. Specified so other implementations can
 * reproduce it (docs/versioning.md, "Rollout buckets", has test vectors):
 *
 * <pre>
 *   bytes  = UTF-8(salt) ‖ 0x00 ‖ UTF-8(deviceId)
 *   h      = FNV-1a 64-bit over bytes   (offset basis 0xcbf29ce484222325, prime 0x100000001b3)
 *   h      = fmix64(h)                  (MurmurHash3's 64-bit finaliser)
 *   bucket = h mod 10000, h taken as unsigned
 * </pre>
 *
 * A device is in a rollout of {@code p} basis points (1% = 100) when {@code bucket < p}; raising {@code p} therefore
 * keeps every device that was already in. Each rollout has its own salt so that the first 1% of one release is not
 * the first 1% of every release.
 */
public final class RolloutBuckets {
    /** Number of buckets: one per basis point. */
    public static final int BUCKETS = 10_000;
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private RolloutBuckets() {
    }

    /** The bucket, 0 to 9999, of a device in a rollout with the given salt. */
    public static int bucket(String salt, String deviceId) {
        return bucketAfterSalt(saltState(salt), deviceId);
    }

    /**
     * The hash state after {@code salt ‖ 0x00}: the same for every device of a rollout, so a snapshot computes it
     * once and {@link #bucketAfterSalt} finishes the hash per device.
     */
    public static long saltState(String salt) {
        return (mixUtf8(FNV_OFFSET, salt) ^ 0) * FNV_PRIME;
    }

    /** The bucket of a device, from the {@link #saltState} of its rollout's salt. */
    public static int bucketAfterSalt(long saltState, String deviceId) {
        return (int) Long.remainderUnsigned(fmix64(mixUtf8(saltState, deviceId)), BUCKETS);
    }

    // Encodes UTF-8 on the fly so the hot path allocates nothing.
    private static long mixUtf8(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            int c = s.charAt(i);
            if (c < 0x80) {
                h = (h ^ c) * FNV_PRIME;
            } else if (c < 0x800) {
                h = (h ^ (0xc0 | (c >> 6))) * FNV_PRIME;
                h = (h ^ (0x80 | (c & 0x3f))) * FNV_PRIME;
            } else if (Character.isHighSurrogate((char) c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint((char) c, s.charAt(++i));
                h = (h ^ (0xf0 | (cp >> 18))) * FNV_PRIME;
                h = (h ^ (0x80 | ((cp >> 12) & 0x3f))) * FNV_PRIME;
                h = (h ^ (0x80 | ((cp >> 6) & 0x3f))) * FNV_PRIME;
                h = (h ^ (0x80 | (cp & 0x3f))) * FNV_PRIME;
            } else {
                if (Character.isSurrogate((char) c)) {
                    c = '?'; // an unpaired surrogate encodes as '?', as String.getBytes(UTF_8) does
                    h = (h ^ c) * FNV_PRIME;
                    continue;
                }
                h = (h ^ (0xe0 | (c >> 12))) * FNV_PRIME;
                h = (h ^ (0x80 | ((c >> 6) & 0x3f))) * FNV_PRIME;
                h = (h ^ (0x80 | (c & 0x3f))) * FNV_PRIME;
            }
        }
        return h;
    }

    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
