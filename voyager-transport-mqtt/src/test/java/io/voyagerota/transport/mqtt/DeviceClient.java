package io.voyagerota.transport.mqtt;

import io.voyagerota.transport.mqtt.internal.Link;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A device's MQTT connection, in either protocol version, that collects what arrives on its subscriptions. */
final class DeviceClient implements AutoCloseable {
    /** One message as the device received it. */
    record Message(String topic, String payload) {
    }

    static final Duration WAIT = Duration.ofSeconds(10);
    private final Link link;
    private final BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();

    private DeviceClient(Link link) {
        this.link = link;
    }

    static DeviceClient connect(String broker, String clientId, MqttConfig.Protocol protocol,
                                Optional<MqttConfig.Credentials> credentials) {
        MqttConfig config = MqttConfig.of(broker).withClientId(clientId).withProtocol(protocol);
        if (credentials.isPresent()) {
            config = config.withCredentials(credentials.get().username(), credentials.get().password());
        }
        DeviceClient device = new DeviceClient(Link.open(config));
        device.link.connect().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        return device;
    }

    static DeviceClient connect(String broker, String clientId, MqttConfig.Protocol protocol) {
        return connect(broker, clientId, protocol, Optional.empty());
    }

    /** Subscribes (not shared); fails if the broker refuses. */
    void subscribe(String topic) {
        assertTrue(trySubscribe(topic), "the broker refused the subscription to " + topic);
    }

    /** Subscribes; false when the broker says it refused (MQTT 5 and 3.1.1 brokers may also accept and filter). */
    boolean trySubscribe(String topic) {
        return succeeded(link.subscribe(topic, (t, payload) -> inbox.add(new Message(t, text(payload))),
                Runnable::run));
    }

    void publish(String topic, String payload) {
        assertTrue(tryPublish(topic, payload), "the broker refused a message to " + topic);
    }

    /** Publishes; false when the broker says it refused (MQTT 5; a 3.1.1 broker drops silently). */
    boolean tryPublish(String topic, String payload) {
        return succeeded(link.publish(topic, payload.getBytes(StandardCharsets.UTF_8), false));
    }

    private static boolean succeeded(CompletableFuture<Void> step) {
        try {
            step.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the broker did not answer", e);
        }
    }

    /** The next message, waiting for it. */
    Message next() {
        try {
            Message m = inbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(m, "no message within " + WAIT);
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Publishes a marker to {@code topic} (which this device subscribed to) and checks that it is the next message:
     * anything retained or sent before it would have arrived first.
     */
    void expectNothingBefore(DeviceClient sender, String topic) {
        String marker = "marker-" + System.nanoTime();
        sender.publish(topic, marker);
        assertEquals(new Message(topic, marker), next());
    }

    Optional<Message> poll(Duration wait) throws InterruptedException {
        return Optional.ofNullable(inbox.poll(wait.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() {
        link.disconnect().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    private static String text(ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
