package io.voyagerota.testing.images;

import java.util.SplittableRandom;

/** Feeds a generated file to a streaming inspector in chunks of a chosen or random size. */
public final class Feeding {
    /** An inspector's {@code update(byte[], int, int)}. */
    @FunctionalInterface
    public interface Sink {
        void update(byte[] b, int off, int len);
    }

    private Feeding() {
    }

    /** Every byte of {@code file}, {@code chunk} bytes per call (the last call may be shorter). */
    public static void inChunks(GeneratedFile file, int chunk, Sink sink) {
        byte[] buffer = new byte[Math.max(chunk, 64 * 1024) / chunk * chunk]; // generated in bulk, fed in slices
        for (long at = 0; at < file.size(); at += buffer.length) {
            int n = (int) Math.min(buffer.length, file.size() - at);
            file.read(at, buffer, 0, n);
            for (int off = 0; off < n; off += chunk) {
                sink.update(buffer, off, Math.min(chunk, n - off));
            }
        }
    }

    /**
     * Every byte of {@code file} in chunks of 1 to {@code maxChunk} bytes, each placed at a random offset of a larger
     * array, so that an inspector that ignores {@code off} or reads past {@code len} gets caught.
     */
    public static void randomChunks(GeneratedFile file, SplittableRandom random, int maxChunk, Sink sink) {
        byte[] buffer = new byte[maxChunk + 32];
        for (long at = 0; at < file.size(); ) {
            int n = (int) Math.min(1 + random.nextInt(maxChunk), file.size() - at);
            int off = random.nextInt(32);
            buffer[off + n] = (byte) random.nextInt(); // a byte past the chunk that must not be read
            file.read(at, buffer, off, n);
            sink.update(buffer, off, n);
            at += n;
        }
    }
}
