package io.voyagerota.transport.http;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A range of an open file that an adapter sends as a response body without copying it through the heap (see
 * {@link ResponseBody#openFile()}). The adapter owns it once it is handed over and ends it exactly once, with
 * {@link #finish} when it knows how many bytes reached the connection, or with {@link #close} when it sent none.
 */
public final class FileSlice implements Closeable {
    /** Told how a slice ended. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param sent  bytes of the slice that reached the connection
         * @param whole whether that was all of them
         */
        void finished(long sent, boolean whole);
    }

    private final FileChannel channel;
    private final long position;
    private final long length;
    private final Listener listener;
    private final AtomicBoolean ended = new AtomicBoolean();

    /**
     * @param channel  a channel the slice now owns and closes
     * @param position where the range starts in the file
     * @param length   how many bytes it has, all of them within the file
     */
    public FileSlice(FileChannel channel, long position, long length, Listener listener) {
        if (channel == null || listener == null || position < 0 || length < 0) {
            throw new IllegalArgumentException("a file slice needs a channel, a listener and a position and length"
                    + " of at least 0");
        }
        this.channel = channel;
        this.position = position;
        this.length = length;
        this.listener = listener;
    }

    public FileChannel channel() {
        return channel;
    }

    public long position() {
        return position;
    }

    public long length() {
        return length;
    }

    /** Closes the channel and reports {@code sent} bytes to the listener; only the first end counts. */
    public void finish(long sent) throws IOException {
        if (ended.compareAndSet(false, true)) {
            try {
                channel.close();
            } finally {
                listener.finished(sent, sent == length);
            }
        }
    }

    /** Ends the slice with nothing sent, unless it has already ended. */
    @Override
    public void close() throws IOException {
        finish(0);
    }
}
