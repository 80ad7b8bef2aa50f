package io.voyagerota.transport.http.netty;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;

/**
 * A request body as the handler's thread reads it, fed chunk by chunk from the event loop. The connection asks the
 * socket for more only while less than {@link #WANTED} bytes wait here, so an upload of any size holds a bounded
 * amount of memory however slowly the handler consumes it.
 */
final class RequestBody extends InputStream {
    /** Below this many queued bytes the connection reads on. */
    static final int WANTED = 256 * 1024;

    private final Runnable wantMore;
    private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();
    private long queued;
    private boolean arrived;
    private boolean discarding;
    private boolean starved;
    private @Nullable IOException failure;

    /** @param wantMore called on the reader's thread when it has emptied the queue below the bound after a pause */
    RequestBody(Runnable wantMore) {
        this.wantMore = wantMore;
    }

    /** A body that has fully arrived and is empty. */
    static RequestBody empty() {
        RequestBody body = new RequestBody(() -> { });
        body.end();
        return body;
    }

    /** Takes over a chunk; returns whether the connection should read on. Event loop only. */
    synchronized boolean offer(ByteBuf chunk) {
        if (discarding || arrived || !chunk.isReadable()) {
            chunk.release();
        } else {
            chunks.add(chunk);
            queued += chunk.readableBytes();
            notifyAll();
        }
        boolean more = discarding || queued < WANTED;
        starved = !more;
        return more;
    }

    synchronized void end() {
        arrived = true;
        notifyAll();
    }

    synchronized void fail(IOException e) {
        if (!arrived) {
            failure = e;
            arrived = true;
            notifyAll();
        }
    }

    /** Whether the whole body (or its failure) has come from the socket, read or not. */
    synchronized boolean arrived() {
        return arrived;
    }

    /** Whether the body ended in an error (cut short, malformed chunks, the connection closed). */
    synchronized boolean failed() {
        return failure != null;
    }

    /** Frees what is queued and drops what is still to come: the answer has gone out. */
    synchronized void discard() {
        discarding = true;
        releaseAll();
        if (failure == null) {
            failure = new IOException("the response was sent before the request body was read");
        }
        notifyAll();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        boolean resume;
        int n;
        synchronized (this) {
            while (chunks.isEmpty() && !arrived && failure == null) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading the request body");
                }
            }
            if (chunks.isEmpty()) {
                if (failure != null) {
                    throw new IOException(failure.getMessage(), failure);
                }
                return -1;
            }
            ByteBuf head = chunks.peek();
            n = Math.min(len, head.readableBytes());
            head.readBytes(b, off, n);
            if (!head.isReadable()) {
                chunks.poll().release();
            }
            queued -= n;
            resume = starved && queued < WANTED;
            if (resume) {
                starved = false;
            }
        }
        if (resume) {
            wantMore.run();
        }
        return n;
    }

    @Override
    public synchronized int available() {
        return (int) Math.min(Integer.MAX_VALUE, queued);
    }

    private void releaseAll() {
        ByteBuf chunk;
        while ((chunk = chunks.poll()) != null) {
            chunk.release();
        }
        queued = 0;
    }
}
