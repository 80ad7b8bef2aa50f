package io.voyagerota.testkit;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Pseudo-random content of any size from a seed, produced on the fly: byte {@code i} depends only on the seed and
 * {@code i}, so a key that names seed and size says exactly what its artifact must contain.
 */
public final class Generated extends InputStream {
    private static final int BLOCK = 64 * 1024;

    private final long seed;
    private final long size;
    private final byte[] block = new byte[BLOCK];
    private long position;
    private long blockIndex = -1;

    public Generated(long seed, long size) {
        this.seed = seed;
        this.size = size;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (position >= size) {
            return -1;
        }
        long index = position / BLOCK;
        if (index != blockIndex) {
            new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index).nextBytes(block);
            blockIndex = index;
        }
        int inBlock = (int) (position % BLOCK);
        int n = (int) Math.min(Math.min(len, BLOCK - inBlock), size - position);
        System.arraycopy(block, inBlock, buffer, off, n);
        position += n;
        return n;
    }

    /** The SHA-256 of the content, computed here rather than trusted from the storage. */
    public static String sha256(long seed, long size) {
        try (Generated in = new Generated(seed, size)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[BLOCK];
            int n;
            while ((n = in.read(buffer, 0, buffer.length)) != -1) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] bytes(long seed, int size) {
        byte[] out = new byte[size];
        int filled = 0;
        try (Generated in = new Generated(seed, size)) {
            int n;
            while ((n = in.read(out, filled, size - filled)) > 0) {
                filled += n;
            }
        }
        return out;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
