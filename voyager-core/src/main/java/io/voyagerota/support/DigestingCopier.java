package io.voyagerota.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Copies a stream through a fixed buffer while computing its size and SHA-256, stopping as soon as it passes a
 * limit. Storage adapters build their streaming puts on it.
 */
public final class DigestingCopier {
    /** Large enough to amortise calls, small enough to keep memory flat. */
    public static final int BUFFER = 64 * 1024;

    private DigestingCopier() {
    }

    /** What was copied. {@code exceeded} means more than the limit arrived and the copy stopped. */
    public record Result(long size, String sha256, boolean exceeded) {
    }

    public static Result copy(InputStream in, OutputStream out, long maxBytes) throws IOException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > maxBytes) {
                return new Result(total, "", true);
            }
            sha.update(buffer, 0, n);
            out.write(buffer, 0, n);
        }
        return new Result(total, Hex.encode(sha.digest()), false);
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
