package io.voyagerota.transport.mqtt;

import io.voyagerota.VoyagerConfig;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.testing.FlatJson;
import io.voyagerota.testing.VoyagerFixture;
import io.voyagerota.transport.mqtt.MqttConfig.Credentials;
import io.voyagerota.transport.mqtt.MqttConfig.Protocol;
import io.voyagerota.transport.mqtt.brokers.Mosquitto;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static io.voyagerota.testing.VoyagerFixture.PRODUCT;
import static io.voyagerota.testing.VoyagerFixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Under the documented ACL (docs/mosquitto-acl.conf) and a generated password file, a device is confined to its own
 * topics: what it publishes for another device never reaches the server, and it cannot read another's trigger.
 */
class MosquittoAclTest {
    private static final Path ACL = Path.of("..", "docs", "mosquitto-acl.conf");
    private static final Map<String, String> USERS = Map.of("voyager", "server-secret", "dev-a", "a-secret",
            "dev-b", "b-secret");
    private static Mosquitto broker;
    private MqttDeviceNotifier notifier;
    private VoyagerFixture f;
    private VoyagerMqtt server;

    @BeforeAll
    static void startBroker() {
        assertTrue(Files.isRegularFile(ACL), "the documented ACL is at " + ACL.toAbsolutePath());
        broker = new Mosquitto(USERS, Optional.of(ACL));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BeforeEach
    void startServer() {
        notifier = new MqttDeviceNotifier();
        f = new VoyagerFixture(VoyagerConfig.defaults(), b -> b.notifier(notifier));
        server = VoyagerMqtt.builder(f.voyager, MqttConfig.of(broker.uri()).withCredentials("voyager",
                USERS.get("voyager"))).notifier(notifier).clock(f.clock).build();
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static DeviceClient device(String id, Protocol protocol) {
        return DeviceClient.connect(broker.uri(), id + "-" + protocol, protocol,
                Optional.of(new Credentials(id, USERS.get(id))));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aDeviceCannotReportOrStateForAnother(Protocol protocol) throws InterruptedException {
        try (DeviceClient a = device("dev-a", protocol)) {
            String report = MqttKit.report("forged-" + protocol, "FAILED", "0.9.0", "1.0.0", "0.9.0");
            a.tryPublish("devices/dev-b/ota/status", report); // refused (MQTT 5) or dropped (3.1.1) by the broker
            a.tryPublish("devices/dev-b/ota/state", "{\"product\":\"locker\",\"model\":\"locker-s3\",\"version\":\"0.1\"}");
            a.publish("devices/dev-a/ota/status", MqttKit.report("own-" + protocol, "FAILED", "0.9.0", "1.0.0",
                    "0.9.0"));
            MqttKit.await("the device's own report is handled", () -> server.stats().handled() == 1);
        }
        assertEquals(1, server.stats().received(), "the forged messages never reached the server");
        assertTrue(f.registry.fleet().findDevice("dev-b").isEmpty());
        assertEquals(1, f.voyager.devices().history("dev-a", 10).size());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aDeviceCannotReadAnothersTrigger(Protocol protocol) throws InterruptedException {
        f.voyager.check(DeviceCheck.of("dev-b", PRODUCT, S3, Version.parse("0.9.0")));
        f.voyager.tick();
        f.production("1.0.0");
        assertEquals(1, f.voyager.relayOutbox());
        assertEquals(1, server.stats().triggersSent(), "the server may write every device's trigger");

        try (DeviceClient a = device("dev-a", protocol); DeviceClient b = device("dev-b", protocol)) {
            a.trySubscribe("devices/dev-b/ota");
            a.trySubscribe("devices/+/ota");
            b.subscribe("devices/dev-b/ota");
            assertEquals("1.0.0", SignedTrigger.offer(b.next().payload(), f.voyager.offerSigner().verifyingKey()).get("version"), "the owner reads it");
            assertEquals(Optional.empty(), a.poll(Duration.ofSeconds(1)), "another device does not");
            assertTrue(!a.tryPublish("devices/dev-b/ota", "{\"version\":\"6.6.6\"}") || protocol == Protocol.MQTT_3_1_1,
                    "nor may it plant a trigger");
            assertEquals(Optional.empty(), b.poll(Duration.ofMillis(500)), "no planted trigger arrives");
        }
    }
}
