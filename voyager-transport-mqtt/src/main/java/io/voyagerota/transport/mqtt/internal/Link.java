package io.voyagerota.transport.mqtt.internal;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import io.voyagerota.transport.mqtt.MqttConfig;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One connection to the broker in the protocol version of the configuration, reduced to what the transport needs,
 * so the rest of it is written once for MQTT 5 and 3.1.1. Futures fail when the broker refuses (a negative
 * acknowledgement), not only when the connection does.
 */
public interface Link {
    /** Receives one message: its topic and its payload (read-only, possibly empty). */
    @FunctionalInterface
    interface Receiver {
        void accept(String topic, ByteBuffer payload);
    }

    /** The payload of an empty message. */
    ByteBuffer NOTHING = ByteBuffer.allocate(0).asReadOnlyBuffer();

    CompletableFuture<Void> connect();

    /** Subscribes to a filter; messages are handed to {@code receiver} on {@code executor}, one at a time. */
    CompletableFuture<Void> subscribe(String filter, Receiver receiver, Executor executor);

    /** Publishes; completes when the broker acknowledged it (at QoS 1 and 2) or it was sent (at QoS 0). */
    CompletableFuture<Void> publish(String topic, byte[] payload, boolean retain);

    CompletableFuture<Void> disconnect();

    /** The settings both protocol versions share: who, where, TLS, reconnecting with backoff. */
    static MqttClientBuilder base(MqttConfig config) {
        MqttClientBuilder b = MqttClient.builder().identifier(config.clientId()).serverHost(config.host())
                .serverPort(config.port()).automaticReconnectWithDefaultConfig();
        return config.tls() ? b.sslWithDefaultConfig() : b;
    }

    /** A link for the configuration's protocol. */
    static Link open(MqttConfig config) {
        return config.protocol() == MqttConfig.Protocol.MQTT_5 ? new Mqtt5Link(config) : new Mqtt3Link(config);
    }
}
