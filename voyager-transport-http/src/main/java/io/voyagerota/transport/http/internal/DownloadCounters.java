package io.voyagerota.transport.http.internal;

import io.voyagerota.transport.http.DownloadStats;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/** The download counters behind {@link DownloadStats}: a few {@link LongAdder}s, no lock. */
public final class DownloadCounters {
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder active = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    void started() {
        active.increment();
    }

    void sent(long n) {
        bytes.add(n);
    }

    void finished(boolean whole, long tookNanos) {
        active.decrement();
        (whole ? completed : failed).increment();
        nanos.add(tookNanos);
    }

    public DownloadStats snapshot() {
        return new DownloadStats(completed.sum(), failed.sum(), active.sum(), bytes.sum(),
                Duration.ofNanos(nanos.sum()));
    }
}
