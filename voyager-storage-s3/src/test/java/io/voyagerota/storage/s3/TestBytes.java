package io.voyagerota.storage.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Deterministic contents, their SHA-256 computed with the JDK, and an upload that breaks midway. */
final class TestBytes {
    private TestBytes() {
    }

    static byte[] content(String label, int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(label.hashCode() * 31L + size).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Delivers {@code failAfter} bytes, then fails like a dropped connection. */
    static InputStream failingAfter(byte[] bytes, int failAfter) {
        return new InputStream() {
            private final InputStream delivered = new ByteArrayInputStream(bytes, 0, failAfter);

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = delivered.read(b, off, len);
                if (n == -1) {
                    throw new IOException("connection reset by peer after " + failAfter + " bytes");
                }
                return n;
            }
        };
    }
}
