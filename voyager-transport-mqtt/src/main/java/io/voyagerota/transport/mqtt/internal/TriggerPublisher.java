package io.voyagerota.transport.mqtt.internal;

import io.voyagerota.decision.Offer;
import io.voyagerota.transport.mqtt.MqttTransportException;
import io.voyagerota.signing.OfferSigner;
import io.voyagerota.signing.SignedOffer;
import io.voyagerota.wire.OfferJson;
import io.voyagerota.wire.WireJson;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes triggers: a device's offer as a retained message on its trigger topic, so that a device that is offline
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
    private final WireJson json;
    private final TokenBucket bucket;
    private final Counters counters;
    private final Semaphore window = new Semaphore(WINDOW);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final OfferSigner signer;

    public TriggerPublisher(Link link, Topics topics, WireJson json, OfferSigner signer, TokenBucket bucket,
                            Counters counters) {
        this.link = link;
        this.signer = signer;
        this.topics = topics;
        this.json = json;
        this.bucket = bucket;
        this.counters = counters;
    }

    /** A fanout trigger: waits for a token and a free slot, then publishes without waiting for the broker. */
    public void fanout(Offer offer) throws InterruptedException {
        bucket.acquire();
        window.acquire();
        send(offer).whenComplete((ok, error) -> {
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

    /** Publishes an offer to its device's trigger topic, replacing what was there. */
    public CompletableFuture<Void> send(Offer offer) {
        return link.publish(topics.trigger(offer.deviceId()), envelope(offer), true)
                .thenRun(counters.sent::increment);
    }

    /**
     * {@code {"offer":"<base64 of the offer body>","signature":"<base64 r‖s>","key":"<key id>"}}: the offer's exact
     * bytes with the offer key's detached signature over them (docs/mqtt.md).
     */
    private byte[] envelope(Offer offer) {
        byte[] body = OfferJson.toBytes(json, offer);
        SignedOffer signed = signer.sign(offer.deviceId(), body, body.length);
        String text = "{\"offer\":\"" + Base64.getEncoder().encodeToString(body) + "\",\"signature\":\""
                + signed.signatureBase64() + "\",\"key\":\"" + signed.keyId() + "\"}";
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Clears a device's trigger topic: nothing is pending for it. */
    public CompletableFuture<Void> clear(String deviceId) {
        return link.publish(topics.trigger(deviceId), EMPTY, true).thenRun(counters.cleared::increment);
    }
}
