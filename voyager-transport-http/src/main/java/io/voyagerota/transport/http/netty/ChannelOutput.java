package io.voyagerota.transport.http.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * A response body written from the handler's thread into the channel, chunk by chunk. It blocks while the channel
 * is not writable (its outbound buffer is above the high water mark), so a slow client holds the writer back instead
 * of making the server buffer what it cannot yet send.
 */
final class ChannelOutput extends OutputStream {
    private static final int CHUNK = 64 * 1024;
    private static final long WAIT_SLICE_MS = 200;

    private final Channel channel;
    private final Object writability;
    private volatile @Nullable Throwable failure;
    private long written;

    /** @param writability notified by the connection when the channel's writability changes or it closes */
    ChannelOutput(Channel channel, Object writability) {
        this.channel = channel;
        this.writability = writability;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            awaitWritable();
            int n = Math.min(len, CHUNK);
            ByteBuf chunk = channel.alloc().buffer(n).writeBytes(b, off, n);
            channel.writeAndFlush(new DefaultHttpContent(chunk)).addListener(f -> {
                if (!f.isSuccess()) {
                    failure = f.cause();
                }
            });
            off += n;
            len -= n;
            written += n;
        }
    }

    private void awaitWritable() throws IOException {
        synchronized (writability) {
            while (channel.isActive() && !channel.isWritable() && failure == null) {
                try {
                    writability.wait(WAIT_SLICE_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while the client was slow to read");
                }
            }
        }
        Throwable cause = failure;
        if (cause != null) {
            throw new IOException("writing the response failed: " + cause, cause);
        }
        if (!channel.isActive()) {
            throw new IOException("the client closed the connection");
        }
    }

    /** The bytes handed to the channel so far. */
    long written() {
        return written;
    }
}
