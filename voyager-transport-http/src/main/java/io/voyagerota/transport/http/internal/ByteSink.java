package io.voyagerota.transport.http.internal;

import io.voyagerota.transport.http.ResponseBody;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * A growable byte buffer for one response body, handed over as the body without a copy. Unlike
 * {@link java.io.ByteArrayOutputStream} it is not synchronized: it never leaves the request's thread while written.
 */
public final class ByteSink extends OutputStream {
    private byte[] buf;
    private int count;

    public ByteSink(int initialCapacity) {
        buf = new byte[initialCapacity];
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    byte[] array() {
        return buf;
    }

    int size() {
        return count;
    }

    public ResponseBody toBody() {
        return ResponseBody.of(buf, count);
    }

    private void ensure(int more) {
        if (count + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
        }
    }
}
