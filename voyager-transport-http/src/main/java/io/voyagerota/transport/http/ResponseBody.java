package io.voyagerota.transport.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.WritableByteChannel;

/**
 * A response body of known length, written by the adapter after the status and headers. Bodies are produced lazily:
 * an artifact body opens storage only when it is written, so a HEAD request or a refused one costs no I/O.
 */
public interface ResponseBody {

    /** The exact number of bytes {@link #writeTo} writes; the adapter sends it as {@code Content-Length}. */
    long length();

    /** Writes the body with a fixed buffer; it never holds more than that buffer in memory. */
    void writeTo(OutputStream out) throws IOException;

    /**
     * Writes the body into a channel without copying it through the heap where it can ({@code sendfile} through
     * {@link java.nio.channels.FileChannel#transferTo}), for adapters that own the connection's channel; they call
     * it before {@link #writeTo}. Returns false, having written nothing, when the body has no file behind it (the
     * default).
     */
    default boolean transferTo(WritableByteChannel target) throws IOException {
        return false;
    }

    /** An empty body. */
    static ResponseBody empty() {
        return BytesBody.EMPTY;
    }

    /** A body of bytes the caller hands over and no longer changes. */
    static ResponseBody of(byte[] bytes) {
        return new BytesBody(bytes, bytes.length);
    }

    /** The first {@code length} bytes of an array the caller hands over and no longer changes. */
    static ResponseBody of(byte[] bytes, int length) {
        return new BytesBody(bytes, length);
    }
}
