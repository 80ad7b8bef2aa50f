package io.voyagerota.server;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.decision.DeviceCheck;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code serve} with {@code mqtt.url}: promoting a release pushes a trigger to a device through Debian's mosquitto. */
class MqttServeTest {
    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");

    @TempDir
    Path dir;

    private Process broker;
    private int port;

    @BeforeEach
    void startBroker() throws Exception {
        assertTrue(Files.isExecutable(MOSQUITTO), MOSQUITTO + " is missing: install Debian's mosquitto (.ci/run lists"
                + " it)");
        port = TestServers.freePort();
        // Started as root, mosquitto drops to its own user, so its configuration must be readable by others.
        Path home = Files.createDirectories(dir.resolve("broker"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path conf = Files.write(home.resolve("mosquitto.conf"), List.of("listener " + port + " 127.0.0.1",
                "allow_anonymous true", "persistence false"));
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));
        broker = new ProcessBuilder(MOSQUITTO.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(home.resolve("log.txt").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!TestServers.listening(port)) {
            assertTrue(System.nanoTime() < deadline && broker.isAlive(), "mosquitto did not start: "
                    + Files.readString(home.resolve("log.txt")));
            Thread.sleep(50);
        }
    }

    @AfterEach
    void stopBroker() throws Exception {
        broker.destroy();
        broker.waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void aPromotionReachesASubscribedDeviceAsATrigger() throws Exception {
        URI url = URI.create("tcp://127.0.0.1:" + port);
        Mqtt5BlockingClient device = Mqtt5Client.builder().identifier("dev-mqtt").serverHost("127.0.0.1")
                .serverPort(port).buildBlocking();
        device.connect();
        try (VoyagerServer server = TestServers.start(dir.resolve("data"), new ByteArrayOutputStream(),
                b -> b.mqttUrl(Optional.of(url)));
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
            Map<String, Object> envelope = TestJson.object(payload);
            byte[] offer = Base64.getDecoder().decode((String) envelope.get("offer"));
            assertEquals(server.voyager().offerSigner().keyId().hex(), envelope.get("key"));
            assertTrue(server.voyager().offerSigner().verifyingKey().verify(offer, new ReleaseSignature(
                    ReleaseSignature.ECDSA_P256_SHA256, (String) envelope.get("signature"))), payload);
            assertEquals("1.0.0", TestJson.object(new String(offer, StandardCharsets.UTF_8)).get("version"));
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
                b -> b.mqttUrl(Optional.of(url)))) {
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
                b -> b.mqttUrl(Optional.of(url)))) {
            assertEquals(group, again.mqtt().orElseThrow().config().sharedGroup(), "the same group after a restart");
        }
    }
}
