package io.voyagerota.transport.mqtt.internal;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAckReturnCode;
import io.voyagerota.transport.mqtt.MqttConfig;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * {@link Link} over MQTT 3.1.1, for brokers without MQTT 5. A positive session expiry keeps the session
 * ({@code cleanSession=false}); 3.1.1 has no expiry, so the broker keeps it until it is cleaned.
 */
final class Mqtt3Link implements Link {
    private final MqttConfig config;
    private final Mqtt3AsyncClient client;
    private final MqttQos qos;

    Mqtt3Link(MqttConfig config) {
        this.config = config;
        this.qos = MqttQos.fromCode(config.qos());
        Mqtt3ClientBuilder b = Link.base(config).useMqttVersion3();
        this.client = config.credentials().<Mqtt3ClientBuilder>map(c -> b.simpleAuth().username(c.username())
                .password(c.password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth()).orElse(b).buildAsync();
    }

    @Override
    public CompletableFuture<Void> connect() {
        return client.connectWith().cleanSession(config.sessionExpiry().isZero()).send().thenApply(ack -> null);
    }

    @Override
    public CompletableFuture<Void> subscribe(String filter, Receiver receiver, Executor executor) {
        return client.subscribeWith().topicFilter(filter).qos(qos)
                .callback(p -> receiver.accept(p.getTopic().toString(), p.getPayload().orElse(Link.NOTHING)))
                .executor(executor).send()
                .thenApply(ack -> {
                    if (ack.getReturnCodes().contains(Mqtt3SubAckReturnCode.FAILURE)) {
                        throw new CompletionException(new IllegalStateException("the broker refused the"
                                + " subscription to " + filter));
                    }
                    return null;
                });
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, boolean retain) {
        return client.publishWith().topic(topic).payload(payload).qos(qos).retain(retain).send()
                .thenApply(p -> null);
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        return client.disconnect();
    }
}
