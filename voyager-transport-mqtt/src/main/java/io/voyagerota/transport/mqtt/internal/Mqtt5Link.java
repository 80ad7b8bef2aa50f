package io.voyagerota.transport.mqtt.internal;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import io.voyagerota.transport.mqtt.MqttConfig;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** {@link Link} over MQTT 5: triggers say they are UTF-8 JSON, refusals carry the broker's reason code. */
final class Mqtt5Link implements Link {
    private final MqttConfig config;
    private final Mqtt5AsyncClient client;
    private final MqttQos qos;

    Mqtt5Link(MqttConfig config) {
        this.config = config;
        this.qos = MqttQos.fromCode(config.qos());
        Mqtt5ClientBuilder b = Link.base(config).useMqttVersion5();
        this.client = config.credentials().<Mqtt5ClientBuilder>map(c -> b.simpleAuth().username(c.username())
                .password(c.password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth()).orElse(b).buildAsync();
    }

    @Override
    public CompletableFuture<Void> connect() {
        long expiry = config.sessionExpiry().toSeconds();
        return client.connectWith().cleanStart(expiry == 0).sessionExpiryInterval(expiry).send()
                .thenApply(ack -> null);
    }

    @Override
    public CompletableFuture<Void> subscribe(String filter, Receiver receiver, Executor executor) {
        return client.subscribeWith().topicFilter(filter).qos(qos)
                .callback(p -> receiver.accept(p.getTopic().toString(), p.getPayload().orElse(Link.NOTHING)))
                .executor(executor).send()
                .thenApply(ack -> {
                    for (Mqtt5SubAckReasonCode code : ack.getReasonCodes()) {
                        if (code.isError()) {
                            throw new CompletionException(new IllegalStateException("the broker refused the"
                                    + " subscription to " + filter + ": " + code + ack.getReasonString()
                                    .map(r -> " (" + r + ")").orElse("")));
                        }
                    }
                    return null;
                });
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, boolean retain) {
        var message = Mqtt5Publish.builder().topic(topic).payload(payload).qos(qos).retain(retain);
        Mqtt5Publish publish = payload.length == 0 ? message.build()
                : message.contentType("application/json")
                        .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8).build();
        return client.publish(publish).thenApply(result -> {
            if (result.getError().isPresent()) {
                throw new CompletionException(result.getError().get());
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> disconnect() {
        return client.disconnect();
    }
}
