package io.voyagerota.benchmarks.fanout;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * How many devices this machine holds as connections of their own: each device logs in to the broker with its own
 * user name and password (the ACL model of docs/mqtt.md) and subscribes to its own trigger topic, until the target
 * or the first refusal. Reports the broker's memory and open files per connection.
 */
final class ConnectionProbe {
    private static final int IN_FLIGHT = 200;

    private ConnectionProbe() {
    }

    static void run(Broker broker, int target, IntFunction<String> deviceId, IntFunction<String> password)
            throws InterruptedException {
        long rssBefore = broker.rssMiB();
        long filesBefore = broker.openFiles();
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long heapBefore = rt.totalMemory() - rt.freeMemory();
        List<Mqtt5AsyncClient> clients = new ArrayList<>();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long started = System.nanoTime();
        String failure = null;
        int held = 0;
        LongAdder retained = new LongAdder();
        try {
            for (int i = 0; i < target && failure == null; i++) {
                String id = deviceId.apply(i);
                Mqtt5AsyncClient c = MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1")
                        .serverPort(broker.port()).simpleAuth().username(id)
                        .password(password.apply(i).getBytes(StandardCharsets.UTF_8)).applySimpleAuth().buildAsync();
                c.publishes(MqttGlobalPublishFilter.ALL, pub -> retained.increment());
                clients.add(c);
                pending.add(c.connectWith().cleanStart(true).keepAlive(600).send()
                        .thenCompose(ack -> c.subscribeWith().topicFilter("devices/" + id + "/ota")
                                .qos(MqttQos.AT_LEAST_ONCE).send()));
                if (pending.size() >= IN_FLIGHT) {
                    failure = settle(pending);
                    held = failure == null ? i + 1 : held;
                }
            }
            if (failure == null) {
                failure = settle(pending);
                held = failure == null ? clients.size() : held;
            }
            Thread.sleep(2000); // the retained triggers still on their way
            System.gc();
            long heap = rt.totalMemory() - rt.freeMemory() - heapBefore;
            long rss = broker.rssMiB() - rssBefore;
            long files = broker.openFiles() - filesBefore;
            System.out.printf("connection probe: %,d device connections held (target %,d) in %.1f s%s%n", held,
                    target, (System.nanoTime() - started) / 1e9, failure == null ? "" : ", stopped by: " + failure);
            System.out.printf("  each got its retained trigger on subscribing: %,d received%n", retained.sum());
            System.out.printf("  broker: +%d MiB resident (%.1f KiB per connection), +%,d open files, limit %s;"
                    + " client JVM: +%d MiB heap (%.1f KiB per connection)%n", rss,
                    held == 0 ? 0.0 : rss * 1024.0 / held, files, broker.fileLimit(), heap >> 20,
                    held == 0 ? 0.0 : (heap >> 10) / (double) held);
        } finally {
            for (Mqtt5AsyncClient c : clients) {
                c.disconnect();
            }
        }
    }

    /** Waits for the pending connects; the first failure's message, or null. */
    private static String settle(List<CompletableFuture<?>> pending) {
        String failure = null;
        for (CompletableFuture<?> f : pending) {
            try {
                f.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (failure == null) {
                    failure = e.getCause() == null ? e.toString() : e.getCause().toString();
                }
            }
        }
        pending.clear();
        return failure;
    }
}
