package io.voyagerota.testing;

import java.io.IOException;
import java.io.InputStream;

/**
 * For crash tests in a child process: passes its bytes on up to {@code stallAt}, then prints {@code stalled} on
 * standard output (what the parent waits for before it kills the child) and blocks until the process is killed.
 */
public final class StallingStream extends InputStream {
    /** The line the child prints once it stalls. */
    public static final String STALLED = "stalled";

    private final InputStream bytes;
    private long left;

    public StallingStream(InputStream bytes, long stallAt) {
        this.bytes = bytes;
        this.left = stallAt;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (left == 0) {
            System.out.println(STALLED);
            System.out.flush();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("interrupted while stalled");
        }
        int n = bytes.read(b, off, (int) Math.min(len, left));
        left -= n;
        return n;
    }
}
