package io.voyagerota.storage.s3.internal;

import io.voyagerota.spi.ArtifactKey;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.IOException;
import java.io.InputStream;

/**
 * The body of a ranged GET, checked to be exactly the range asked for. Closed before its end, it aborts the
 * connection instead of draining the rest of the range.
 */
public final class RangeStream extends InputStream {
    private final ResponseInputStream<GetObjectResponse> in;
    private long remaining;

    public RangeStream(ResponseInputStream<GetObjectResponse> in, ArtifactKey key, long length) throws IOException {
        this.in = in;
        this.remaining = length;
        Long served = in.response().contentLength();
        if (served == null || served != length) {
            in.abort();
            in.close();
            throw new IOException("the store answered " + served + " bytes to a request for " + length + " bytes of"
                    + " artifact " + key + "; it must honour HTTP Range requests");
        }
    }

    @Override
    public int read() throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        int b = in.read();
        if (b == -1) {
            throw truncated();
        }
        remaining--;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remaining <= 0) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n == -1) {
            throw truncated();
        }
        remaining -= n;
        return n;
    }

    private IOException truncated() {
        return new IOException("the store's response ended " + remaining + " bytes before the end of the range");
    }

    @Override
    public void close() throws IOException {
        if (remaining > 0) {
            in.abort();
        }
        in.close();
    }
}
