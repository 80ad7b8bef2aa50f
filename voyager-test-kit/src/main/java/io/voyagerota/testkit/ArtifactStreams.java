package io.voyagerota.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Contents and input streams for the artifact storage kit, and for adapters' own tests: well-behaved, slow, failing
 * and paused uploads.
 */
public final class ArtifactStreams {
    private ArtifactStreams() {
    }

    /** Deterministic bytes for a label and size: the same on every run and in every adapter. */
    public static byte[] content(String label, int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(label.hashCode() * 31L + size).nextBytes(bytes);
        return bytes;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Delivers at most {@code chunk} bytes per read, as a slow network does. */
    public static InputStream trickle(byte[] bytes, int chunk) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }

    /** Delivers {@code failAfter} bytes, then fails like a dropped connection. */
    public static InputStream failingAfter(byte[] bytes, int failAfter) {
        return new GatedStream(bytes, failAfter, null, null);
    }

    /** Delivers bytes up to {@code pauseAt}, then waits for {@code proceed}, or fails if there is none. */
    static final class GatedStream extends InputStream {
        private final byte[] bytes;
        private final int pauseAt;
        private final CountDownLatch reached;
        private final CountDownLatch proceed;
        private int position;

        GatedStream(byte[] bytes, int pauseAt, CountDownLatch reached, CountDownLatch proceed) {
            this.bytes = bytes;
            this.pauseAt = pauseAt;
            this.reached = reached;
            this.proceed = proceed;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position == pauseAt) {
                if (proceed == null) {
                    throw new IOException("connection reset by peer after " + pauseAt + " bytes");
                }
                reached.countDown();
                try {
                    if (!proceed.await(20, TimeUnit.SECONDS)) {
                        throw new IOException("test stream was never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
            if (position >= bytes.length) {
                return -1;
            }
            int limit = position < pauseAt ? pauseAt : bytes.length;
            int n = Math.min(len, limit - position);
            System.arraycopy(bytes, position, b, off, n);
            position += n;
            return n;
        }
    }
}
