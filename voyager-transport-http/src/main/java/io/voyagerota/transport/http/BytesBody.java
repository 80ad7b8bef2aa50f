package io.voyagerota.transport.http;

import java.io.IOException;
import java.io.OutputStream;

/** The first {@code length} bytes of an array, not copied: whoever creates it hands the array over. */
final class BytesBody implements ResponseBody {
    static final ResponseBody EMPTY = new BytesBody(new byte[0], 0);

    private final byte[] bytes;
    private final int length;

    BytesBody(byte[] bytes, int length) {
        if (length < 0 || length > bytes.length) {
            throw new IllegalArgumentException("length " + length + " does not fit an array of " + bytes.length);
        }
        this.bytes = bytes;
        this.length = length;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, length);
    }
}
