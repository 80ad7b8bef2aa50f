package io.voyagerota.server;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.server.internal.JsonNode;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
            // The trigger carries the offer's exact bytes in base64, signed with the server's offer key.
            JsonNode payload = JsonNode.parse(new String(trigger.get().getPayloadAsBytes(), StandardCharsets.UTF_8));
            String offer = new String(Base64.getDecoder().decode(payload.get("offer").text("")),
                    StandardCharsets.UTF_8);
            assertTrue(offer.contains("\"version\":\"1.0.0\""), offer);
            assertEquals(server.voyager().offerSigner().keyId().hex(), payload.get("key").text(""));
        } finally {
            device.disconnect();
        }
    }
}
