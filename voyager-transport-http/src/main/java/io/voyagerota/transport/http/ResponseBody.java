package io.voyagerota.transport.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

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
     * The body as a range of an open file, for adapters that can hand it to the kernel ({@code sendfile} through
     * {@link java.nio.channels.FileChannel#transferTo}) instead of copying it through the heap. An adapter that
     * takes it sends exactly {@link FileSlice#length()} bytes from {@link FileSlice#position()}, then calls
     * {@link FileSlice#finish} with how many went out, and does not call {@link #writeTo}. Empty, having opened
     * nothing, when no file is behind the body (the default); the adapter then calls {@link #writeTo}.
     */
    default Optional<FileSlice> openFile() throws IOException {
        return Optional.empty();
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
