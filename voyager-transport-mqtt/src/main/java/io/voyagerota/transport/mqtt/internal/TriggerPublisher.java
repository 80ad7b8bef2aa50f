package io.voyagerota.transport.mqtt.internal;

import io.voyagerota.transport.mqtt.MqttTransportException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes triggers: a {@link TriggerHint} as a retained message on the device's trigger topic, so that a device that is offline
 * gets it when it next subscribes, and a newer trigger replaces an older one; an empty retained message clears it.
 *
 * <p>Fanout triggers are throttled by a {@link TokenBucket} and sent without waiting for each acknowledgement (up to
 * {@value #WINDOW} in flight); {@link #flush} waits for them and reports the first failure.
 */
public final class TriggerPublisher {
    static final int WINDOW = 256;
    private static final byte[] EMPTY = new byte[0];

    private final Link link;
    private final Topics topics;
    private final TokenBucket bucket;
    private final Counters counters;
    private final Semaphore window = new Semaphore(WINDOW);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    public TriggerPublisher(Link link, Topics topics, TokenBucket bucket, Counters counters) {
        this.link = link;
        this.topics = topics;
        this.bucket = bucket;
        this.counters = counters;
    }

    /** A fanout trigger: waits for a token and a free slot, then publishes without waiting for the broker. */
    public void fanout(TriggerHint hint) throws InterruptedException {
        bucket.acquire();
        window.acquire();
        send(hint).whenComplete((ok, error) -> {
            window.release();
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
    }

    /** Waits until every fanout trigger was acknowledged; throws if any was not. */
    public void flush(Duration timeout) throws InterruptedException {
        if (!window.tryAcquire(WINDOW, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new MqttTransportException("the broker did not acknowledge " + (WINDOW - window.availablePermits())
                    + " triggers within " + timeout, null);
        }
        window.release(WINDOW);
        Throwable error = failure.getAndSet(null);
        if (error != null) {
            throw new MqttTransportException("a trigger was not delivered to the broker: " + error.getMessage(),
                    error);
        }
    }

    /** Publishes a hint to its device's trigger topic, replacing what was there. */
    public CompletableFuture<Void> send(TriggerHint hint) {
        return link.publish(topics.trigger(hint.deviceId()), hint.toBytes(), true).thenRun(counters.sent::increment);
    }

    /** Clears a device's trigger topic: nothing is pending for it. */
    public CompletableFuture<Void> clear(String deviceId) {
        return link.publish(topics.trigger(deviceId), EMPTY, true).thenRun(counters.cleared::increment);
    }
}
