package io.voyagerota.transport.http.internal.admin;

import java.io.IOException;
import java.io.InputStream;

/**
 * A request body on its way into storage. A failure to read it, or an end before the bytes its
 * {@code Content-Length} declared, is an {@link Incomplete}: the client's fault, told apart from a failure of
 * storage, and thrown while storage is still writing, so that nothing of a truncated upload is kept.
 */
final class RequestBodyStream extends InputStream {
    /** The request body could not be read to its end. */
    static final class Incomplete extends IOException {
        Incomplete(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final InputStream in;
    private final long declared;
    private long count;

    /** @param declared the {@code Content-Length}, or -1 when the body is chunked */
    RequestBodyStream(InputStream in, long declared) {
        this.in = in;
        this.declared = declared;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            throw new Incomplete("the request body could not be read after " + count + " bytes (" + e.getMessage()
                    + "); nothing was stored: send it again", e);
        }
        if (n < 0 && declared >= 0 && count < declared) {
            throw new Incomplete("the request body ended after " + count + " of the " + declared + " bytes its"
                    + " Content-Length declared; nothing was stored: send it again", null);
        }
        if (n > 0) {
            count += n;
        }
        return n;
    }
}
