package io.voyagerota.benchmarks.fanout;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5SubscribeBuilder;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * The fleet's side of the triggers: a few MQTT 5 connections as the broker user {@code observer}, which the ACL
 * lets read every trigger topic, holding one subscription per device on its own trigger topic
 * ({@code devices/<id>/ota}, QoS 1, no wildcard), so that the broker matches and delivers every trigger to a
 * subscription of its device exactly as it would for the device's own connection. Counts, per round (one
 * promotion), how often each device was triggered and whether the trigger carried the promoted version.
 */
final class TriggerObserver implements AutoCloseable {
    private static final int FILTERS_PER_SUBSCRIBE = 1000;

    private final List<Mqtt5AsyncClient> clients = new ArrayList<>();
    private final IntFunction<String> deviceId;
    private final int devices;
    private volatile Round round;

    /** One promotion's triggers. */
    static final class Round {
        final byte[] expected;
        final AtomicIntegerArray counts;
        final AtomicInteger distinct = new AtomicInteger();
        final AtomicLong total = new AtomicLong();
        final AtomicLong wrongVersion = new AtomicLong();
        final AtomicLong empty = new AtomicLong();
        final AtomicLong unknownTopic = new AtomicLong();
        final AtomicLong firstNanos = new AtomicLong();
        volatile long lastNanos;

        Round(String version, int devices) {
            this.expected = ("\"version\":\"" + version + "\"").getBytes(StandardCharsets.US_ASCII);
            this.counts = new AtomicIntegerArray(devices);
        }

        int duplicates() {
            return (int) (total.get() - empty.get() - unknownTopic.get() - distinct.get());
        }
    }

    TriggerObserver(int devices, IntFunction<String> deviceId) {
        this.devices = devices;
        this.deviceId = deviceId;
    }

    /** Connects {@code connections} clients and subscribes each to its share of the devices' trigger topics. */
    void subscribe(int port, String password, int connections) throws Exception {
        for (int c = 0; c < connections; c++) {
            Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier("observer-" + c)
                    .serverHost("127.0.0.1").serverPort(port).simpleAuth().username("observer")
                    .password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().buildAsync();
            client.publishes(MqttGlobalPublishFilter.ALL, this::received);
            client.connectWith().cleanStart(true).send().get(30, TimeUnit.SECONDS);
            clients.add(client);
        }
        List<CompletableFuture<Mqtt5SubAck>> acks = new ArrayList<>();
        for (int from = 0; from < devices; from += FILTERS_PER_SUBSCRIBE) {
            Mqtt5AsyncClient client = clients.get((from / FILTERS_PER_SUBSCRIBE) % connections);
            Mqtt5SubscribeBuilder.Start builder = Mqtt5Subscribe.builder();
            Mqtt5SubscribeBuilder.Complete complete = null;
            for (int i = from; i < Math.min(devices, from + FILTERS_PER_SUBSCRIBE); i++) {
                complete = (complete == null ? builder : complete).addSubscription()
                        .topicFilter("devices/" + deviceId.apply(i) + "/ota").qos(MqttQos.AT_LEAST_ONCE)
                        .applySubscription();
            }
            acks.add(client.subscribe(complete.build()));
            if (acks.size() >= 16) {
                check(acks);
            }
        }
        check(acks);
    }

    private static void check(List<CompletableFuture<Mqtt5SubAck>> acks) throws Exception {
        for (CompletableFuture<Mqtt5SubAck> ack : acks) {
            for (Mqtt5SubAckReasonCode code : ack.get(60, TimeUnit.SECONDS).getReasonCodes()) {
                if (code.isError()) {
                    throw new IllegalStateException("the broker refused a subscription: " + code);
                }
            }
        }
        acks.clear();
    }

    /** Starts counting a new promotion's triggers, for {@code version}. */
    Round begin(String version) {
        Round r = new Round(version, devices);
        round = r;
        return r;
    }

    private void received(Mqtt5Publish publish) {
        Round r = round;
        if (r == null) {
            return;
        }
        long now = System.nanoTime();
        r.total.incrementAndGet();
        r.firstNanos.compareAndSet(0, now);
        String topic = publish.getTopic().toString();
        int index = indexOf(topic);
        if (index < 0) {
            r.unknownTopic.incrementAndGet();
            return;
        }
        ByteBuffer payload = publish.getPayload().orElse(null);
        if (payload == null || !payload.hasRemaining()) {
            r.empty.incrementAndGet();
            return;
        }
        if (!carries(payload, r.expected)) {
            r.wrongVersion.incrementAndGet();
        }
        if (r.counts.getAndIncrement(index) == 0) {
            r.distinct.incrementAndGet();
        }
        r.lastNanos = now;
    }

    /** {@code devices/dev-000123/ota} is device 123; -1 for another topic. */
    private int indexOf(String topic) {
        int dash = topic.indexOf('-');
        int end = topic.lastIndexOf('/');
        if (!topic.startsWith("devices/dev-") || dash < 0 || end <= dash) {
            return -1;
        }
        try {
            int i = Integer.parseInt(topic, dash + 1, end, 10);
            return i < devices ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Whether the hint holds {@code "version":"<expected>"}. */
    private static boolean carries(ByteBuffer payload, byte[] expected) {
        outer:
        for (int i = payload.position(); i + expected.length <= payload.limit(); i++) {
            for (int j = 0; j < expected.length; j++) {
                if (payload.get(i + j) != expected[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    int connections() {
        return clients.size();
    }

    @Override
    public void close() {
        for (Mqtt5AsyncClient c : clients) {
            try {
                c.disconnect().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // gone already
            }
        }
    }
}
