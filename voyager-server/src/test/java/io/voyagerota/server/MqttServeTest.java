package io.voyagerota.server;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.jdbc.JdbcRegistry;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.server.internal.EmbeddedDatabase;
import io.voyagerota.testing.TestJson;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code serve} with {@code mqtt.url}: promoting a release pushes a trigger to a device through Debian's mosquitto. */
class MqttServeTest {
    @TempDir
    Path dir;

    private TestBroker broker;
    private int port;

    @BeforeEach
    void startBroker() throws Exception {
        broker = TestBroker.start(dir.resolve("broker"));
        port = broker.port();
    }

    @AfterEach
    void stopBroker() throws Exception {
        broker.close();
    }

    @Test
    void aPromotionReachesASubscribedDeviceAsATrigger() throws Exception {
        URI url = URI.create("tcp://127.0.0.1:" + port);
        Mqtt5BlockingClient device = Mqtt5Client.builder().identifier("dev-mqtt").serverHost("127.0.0.1")
                .serverPort(port).buildBlocking();
        device.connect();
        try (VoyagerServer server = TestServers.start(dir.resolve("data"), new ByteArrayOutputStream(),
                b -> b.mqtt(m -> m.withUrl(url)));
             Mqtt5BlockingClient.Mqtt5Publishes publishes = device.publishes(MqttGlobalPublishFilter.ALL)) {
            device.subscribeWith().topicFilter("devices/dev-mqtt/ota").send();
            TestServers.createProduct(server.voyager());
            // The device is known to the fleet once its first check has been recorded.
            server.voyager().check(DeviceCheck.of("dev-mqtt", TestServers.PRODUCT, TestServers.MODEL,
                    Version.parse("0.1.0")));
            server.voyager().tick();
            TestServers.release(server.voyager(), "1.0.0", TestServers.image("1.0.0", 32 * 1024));

            Optional<Mqtt5Publish> trigger = publishes.receive(30, TimeUnit.SECONDS);
            assertTrue(trigger.isPresent(), "no trigger within 30 s");
            assertEquals("devices/dev-mqtt/ota", trigger.get().getTopic().toString());
            String payload = new String(trigger.get().getPayloadAsBytes(), StandardCharsets.UTF_8);
            Map<String, Object> hint = TestJson.object(payload);
            assertEquals("dev-mqtt", hint.get("deviceId"), payload);
            assertEquals("1.0.0", hint.get("version"), payload);
            assertEquals("upgrade", hint.get("kind"), payload);
        } finally {
            device.disconnect();
        }
    }

    /**
     * A regression test: a fan-out left pending when a node stopped (killed mid-fan-out, in a cluster) is delivered
     * at the next start on its first attempt. Before, the fan-out relays started before the MQTT transport, so each
     * chunk they claimed at once failed ("the MQTT transport ... has not started"), was logged at WARN and spent an
     * attempt.
     */
    @Test
    void aFanOutLeftPendingIsDeliveredAtTheNextStartOnItsFirstAttempt() throws Exception {
        Path data = dir.resolve("data");
        try (VoyagerServer server = TestServers.start(data)) {
            TestServers.createProduct(server.voyager());
            TestServers.release(server.voyager(), "1.0.0", TestServers.image("1.0.0", 32 * 1024));
            server.voyager().check(DeviceCheck.of("dev-late", TestServers.PRODUCT, TestServers.MODEL,
                    Version.parse("0.1.0")));
        }
        String id;
        try (EmbeddedDatabase db = EmbeddedDatabase.open(data.resolve("db"))) {
            OutboxEvent pending = OutboxEvent.pending("devices.trigger", TestServers.PRODUCT, "{\"productId\":\""
                    + TestServers.PRODUCT + "\",\"reason\":\"left pending by a node that stopped\"}", Instant.now());
            JdbcRegistry.builder(db.dataSource()).build().outbox().append(List.of(pending));
            id = pending.id();
        }
        Mqtt5BlockingClient device = Mqtt5Client.builder().identifier("dev-late").serverHost("127.0.0.1")
                .serverPort(port).buildBlocking();
        device.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = device.publishes(MqttGlobalPublishFilter.ALL)) {
            device.subscribeWith().topicFilter("devices/dev-late/ota").send();
            try (VoyagerServer server = TestServers.start(data, new ByteArrayOutputStream(),
                    b -> b.mqtt(m -> m.withUrl(broker.url())))) {
                assertTrue(publishes.receive(30, TimeUnit.SECONDS).isPresent(), "no trigger within 30 s");
                var outbox = server.voyager().registry().outbox();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (outbox.find(id + "-c0").filter(c -> c.state() == OutboxState.PROCESSED).isEmpty()) {
                    assertTrue(System.nanoTime() < deadline, "the fan-out's chunk was not marked processed");
                    Thread.sleep(20);
                }
                List<OutboxEvent> chunks = outbox.list(OutboxState.PROCESSED, 500).stream()
                        .filter(e -> e.id().startsWith(id + "-c")).toList();
                assertEquals(1, chunks.size(), "one chunk: " + chunks);
                for (OutboxEvent chunk : chunks) {
                    assertEquals(1, chunk.attempts(), "delivered on its first attempt: " + chunk);
                    assertEquals(Optional.empty(), chunk.lastError(), "no failed attempt before");
                }
            }
        } finally {
            device.disconnect();
        }
    }

    /**
     * Security suite row 12, a regression test: a client subscribing to {@code $share/voyager/…}, the group name a
     * device could guess, takes no share of the reports from the server, whose group is derived from its secret and
     * the same after a restart. Before, it joined the server's group and the broker handed it every other report.
     */
    @Test
    @Tag("security")
    void aClientThatJoinsTheGuessableSharedGroupDivertsNoReport() throws Exception {
        URI url = URI.create("tcp://127.0.0.1:" + port);
        Mqtt5BlockingClient thief = Mqtt5Client.builder().identifier("thief").serverHost("127.0.0.1")
                .serverPort(port).buildBlocking();
        Mqtt5BlockingClient device = Mqtt5Client.builder().identifier("dev-b").serverHost("127.0.0.1")
                .serverPort(port).buildBlocking();
        thief.connect();
        device.connect();
        String group;
        try (VoyagerServer server = TestServers.start(dir.resolve("data"), new ByteArrayOutputStream(),
                b -> b.mqtt(m -> m.withUrl(url)))) {
            group = server.mqtt().orElseThrow().config().sharedGroup();
            TestServers.createProduct(server.voyager());
            thief.subscribeWith().topicFilter("$share/voyager/devices/+/ota/status").send();
            thief.subscribeWith().topicFilter("$share/voyager/devices/+/ota/state").send();
            for (int i = 0; i < 6; i++) {
                device.publishWith().topic("devices/dev-b/ota/status").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(("{\"reportId\":\"r-" + i + "\",\"product\":\"" + TestServers.PRODUCT
                                + "\",\"fromVersion\":\"0.9.0\",\"toVersion\":\"1.0.0\",\"runningVersion\":"
                                + "\"0.9.0\",\"status\":\"FAILED\"}").getBytes(StandardCharsets.UTF_8)).send();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (server.voyager().devices().history("dev-b", 10).size() < 6 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300);
            assertEquals(6, server.voyager().devices().history("dev-b", 10).size(), "every report was recorded");
            assertTrue(group.startsWith("voyager-") && group.length() > 30, group);
        } finally {
            thief.disconnect();
            device.disconnect();
        }
        try (VoyagerServer again = TestServers.start(dir.resolve("data"), new ByteArrayOutputStream(),
                b -> b.mqtt(m -> m.withUrl(url)))) {
            assertEquals(group, again.mqtt().orElseThrow().config().sharedGroup(), "the same group after a restart");
        }
    }
}
