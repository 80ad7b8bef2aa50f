package io.voyagerota.server.internal;

import io.voyagerota.transport.http.FileSlice;
import io.voyagerota.transport.http.ResponseBody;
import io.voyagerota.transport.http.VoyagerRequest;
import io.voyagerota.transport.http.VoyagerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Counts the requests being answered, whatever HTTP server runs them, so that shutdown can let them finish: a request
 * counts from when its handler is called until its body has been written — for a download, until the last byte went
 * out (or the connection broke), not only until the handler returned. Once draining, new requests get 503.
 *
 * <p>No lock is taken per request: the count is an atomic, and the lock that shutdown waits on is touched only once
 * shutdown has begun.
 */
final class InFlight {
    private final Object lock = new Object();
    private final AtomicInteger running = new AtomicInteger();
    private volatile boolean draining;

    /** {@code handler}, counted; while draining, a 503 that asks the client to close the connection. */
    Function<VoyagerRequest, VoyagerResponse> track(Function<VoyagerRequest, VoyagerResponse> handler) {
        return request -> {
            running.incrementAndGet();
            Done done = new Done();
            if (draining) {
                // Only a request on a connection opened before shutdown gets here.
                done.run();
                return Probes.stopping(true);
            }
            try {
                VoyagerResponse response = handler.apply(request);
                if (!writesBody(request, response)) {
                    done.run();
                    return response;
                }
                return new VoyagerResponse(response.status(), response.headers(), new Counted(response.body(), done));
            } catch (RuntimeException | Error e) {
                done.run();
                throw e;
            }
        };
    }

    /** Adapters write no body for these, so nothing would end the count later. */
    private static boolean writesBody(VoyagerRequest request, VoyagerResponse response) {
        int status = response.status();
        return status != 204 && status != 304 && !request.method().equals("HEAD") && response.body().length() > 0;
    }

    void drain() {
        draining = true;
    }

    boolean draining() {
        return draining;
    }

    int running() {
        return running.get();
    }

    /** Waits up to {@code nanos} for every counted request to end; returns how many had not. */
    int awaitIdle(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        synchronized (lock) {
            while (running.get() > 0) {
                long waitNanos = deadline - System.nanoTime();
                if (waitNanos <= 0) {
                    break;
                }
                // Bounded, so that a request ending between the check and the wait costs at most this much.
                TimeUnit.NANOSECONDS.timedWait(lock, Math.min(waitNanos, TimeUnit.MILLISECONDS.toNanos(50)));
            }
            return running.get();
        }
    }

    /** Ends one request's count, once. */
    private final class Done implements Runnable {
        private final AtomicBoolean ended = new AtomicBoolean();

        @Override
        public void run() {
            if (ended.compareAndSet(false, true) && running.decrementAndGet() == 0 && draining) {
                synchronized (lock) {
                    lock.notifyAll();
                }
            }
        }
    }

    /** A body whose request ends when the adapter has written it, by either of its two ways. */
    private static final class Counted implements ResponseBody {
        private final ResponseBody body;
        private final Done done;

        Counted(ResponseBody body, Done done) {
            this.body = body;
            this.done = done;
        }

        @Override
        public long length() {
            return body.length();
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try {
                body.writeTo(out);
                // Pushed to the connection before the count drops: shutdown closes what is left once it is 0, and
                // the last bytes may still sit in the server's buffer when writeTo returns (JDK 25's server).
                out.flush();
            } finally {
                done.run();
            }
        }

        @Override
        public Optional<FileSlice> openFile() throws IOException {
            Optional<FileSlice> slice;
            try {
                slice = body.openFile();
            } catch (IOException | RuntimeException e) {
                done.run();
                throw e;
            }
            if (slice.isEmpty()) {
                return slice; // the adapter calls writeTo next
            }
            FileSlice inner = slice.get();
            return Optional.of(new FileSlice(inner.channel(), inner.position(), inner.length(), (sent, whole) -> {
                try {
                    inner.finish(sent);
                } catch (IOException e) {
                    // closing a read-only channel lost nothing
                } finally {
                    done.run();
                }
            }));
        }
    }
}
