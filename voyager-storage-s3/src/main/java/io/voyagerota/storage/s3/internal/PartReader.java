package io.voyagerota.storage.s3.internal;

import io.voyagerota.support.DigestingCopier;
import io.voyagerota.support.Hex;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Reads an upload one part at a time into a single reused buffer, hashing every byte with SHA-256 and counting
 * them, and stops as soon as more than the limit has arrived. The buffer starts small and grows up to the part size,
 * so a small artifact costs little memory and a large one never more than one part.
 */
public final class PartReader {
    private static final int INITIAL = 64 * 1024;

    private final InputStream in;
    private final int partSize;
    private final long maxBytes;
    private final MessageDigest sha = DigestingCopier.sha256();
    private byte[] buffer;
    private int length;
    private long total;
    private boolean ended;

    public PartReader(InputStream in, int partSize, long maxBytes) {
        this.in = in;
        this.partSize = partSize;
        this.maxBytes = maxBytes;
        this.buffer = new byte[Math.min(INITIAL, partSize)];
    }

    /**
     * Fills the buffer with the next part: up to the part size, less only at the end of the stream.
     *
     * @return false when the limit was passed; the part is then incomplete and must not be stored
     */
    public boolean next() throws IOException {
        length = 0;
        while (length < partSize && !ended) {
            if (length == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, partSize));
            }
            int n = in.read(buffer, length, buffer.length - length);
            if (n == -1) {
                ended = true;
                break;
            }
            total += n;
            if (total > maxBytes) {
                return false;
            }
            sha.update(buffer, length, n);
            length += n;
        }
        return true;
    }

    public byte[] buffer() {
        return buffer;
    }

    /** Bytes in the current part. */
    public int length() {
        return length;
    }

    /** Whether the stream has ended: the current part is the last. */
    public boolean ended() {
        return ended;
    }

    public long total() {
        return total;
    }

    /** The SHA-256 of everything read; call once, after the last part. */
    public String sha256() {
        return Hex.encode(sha.digest());
    }
}
