package io.voyagerota.transport.mqtt;

import io.voyagerota.rollout.RolloutSpec;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.voyagerota.testing.VoyagerFixture.PRODUCT;
import static io.voyagerota.testing.VoyagerFixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Under the documented ACL (docs/mosquitto-acl.conf) and a generated password file, a device is confined to its own
 * topics: what it publishes for another device never reaches the server, and it cannot read another's trigger.
 * Security suite row 12: an unauthorised publish is refused by the broker, and nothing of it is recorded; a trigger
 * is only a hint to check, which only the server may write.
 */
@Tag("security")
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
        var staged = f.staged("1.0.0");
        f.voyager.relayOutbox(); // staging's trigger: no testers, nothing sent
        f.voyager.releases().promote(staged.id(), RolloutSpec.all());
        assertEquals(1, f.voyager.relayOutbox());
        assertEquals(1, server.stats().triggersSent(), "the server may write every device's trigger");

        try (DeviceClient a = device("dev-a", protocol); DeviceClient b = device("dev-b", protocol)) {
            a.trySubscribe("devices/dev-b/ota");
            a.trySubscribe("devices/+/ota");
            b.subscribe("devices/dev-b/ota");
            assertEquals("1.0.0", TriggerMessage.read(b.next().payload()).get("version"), "the owner reads it");
            assertEquals(Optional.empty(), a.poll(Duration.ofSeconds(1)), "another device does not");
            assertTrue(!a.tryPublish("devices/dev-b/ota", "{\"version\":\"6.6.6\"}") || protocol == Protocol.MQTT_3_1_1,
                    "nor may it plant a trigger");
            assertEquals(Optional.empty(), b.poll(Duration.ofMillis(500)), "no planted trigger arrives");
        }
    }

    /** The broker's CONNACK return code to an MQTT 3.1.1 CONNECT, sent over a plain socket. */
    private static int connack(String clientId, Optional<Credentials> login) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4});
        body.write(0x02 | (login.isPresent() ? 0xC0 : 0)); // clean session, user name and password
        body.write(new byte[] {0, 10});
        writeString(body, clientId);
        if (login.isPresent()) {
            writeString(body, login.get().username());
            writeString(body, login.get().password());
        }
        URI uri = URI.create(broker.uri());
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(0x10);
            out.write(body.size()); // under 128 bytes: one length byte
            body.writeTo(out);
            out.flush();
            byte[] answer = socket.getInputStream().readNBytes(4);
            assertEquals(4, answer.length, "a CONNACK");
            assertEquals(0x20, answer[0] & 0xff, "a CONNACK");
            return answer[3];
        }
    }

    private static void writeString(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xff);
        out.writeBytes(bytes);
    }

    @Test
    void aClientWithoutTheRightPasswordCannotConnectAtAll() throws IOException {
        assertEquals(0, connack("probe-ok", Optional.of(new Credentials("dev-a", USERS.get("dev-a")))),
                "the probe itself works");
        assertEquals(5, connack("anon", Optional.empty()), "an anonymous client: not authorised");
        assertEquals(5, connack("guess", Optional.of(new Credentials("dev-b", USERS.get("dev-a")))),
                "another device's name with this one's password");
        assertEquals(5, connack("srv", Optional.of(new Credentials("voyager", USERS.get("dev-a")))),
                "the server's user name");
        assertEquals(0, server.stats().received(), "nothing reached the server");
    }

    /**
     * mosquitto's acl_file checks deliveries, not subscriptions: a device may join any shared group it can name, and
     * the broker then drops the share of every device's reports it hands to that device. With an unguessable group
     * (voyager serve derives one from its secret; docs/mqtt.md) a device that subscribes to the guessable names
     * reads nothing and diverts nothing.
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aDeviceCannotReadOrDivertAnothersReportsFromASecretGroup(Protocol protocol) throws InterruptedException {
        server.close();
        server = VoyagerMqtt.builder(f.voyager, MqttConfig.of(broker.uri()).withCredentials("voyager",
                USERS.get("voyager")).withSharedGroup("voyager-" + UUID.randomUUID().toString().replace("-", "")))
                .notifier(notifier).clock(f.clock).build();
        server.start();
        try (DeviceClient a = device("dev-a", protocol); DeviceClient b = device("dev-b", protocol)) {
            a.trySubscribe("$share/voyager/devices/+/ota/status");
            a.trySubscribe("$share/voyager/devices/+/ota/state");
            a.trySubscribe("devices/+/ota/status");
            a.trySubscribe("#");
            for (int i = 0; i < 6; i++) {
                b.publish("devices/dev-b/ota/status", MqttKit.report("b-" + protocol + "-" + i, "FAILED", "0.9.0",
                        "1.0.0", "0.9.0"));
            }
            MqttKit.await("every report reaches the server", () -> server.stats().handled() == 6);
            assertEquals(Optional.empty(), a.poll(Duration.ofMillis(500)), "dev-a received none of them");
        }
        assertEquals(6, server.stats().received());
        assertEquals(6, f.voyager.devices().history("dev-b", 10).size());
    }

    /** A device may not write its own trigger topic either: triggers come from the server alone. */
    @Test
    void aDeviceCannotWriteItsOwnTriggerAndTheServerNeverReadsOne() throws InterruptedException {
        try (DeviceClient a = device("dev-a", Protocol.MQTT_5); DeviceClient watcher = device("dev-a",
                Protocol.MQTT_3_1_1)) {
            watcher.subscribe("devices/dev-a/ota");
            assertFalse(a.tryPublish("devices/dev-a/ota", "{\"version\":\"6.6.6\"}"), "refused by the broker");
            assertEquals(Optional.empty(), watcher.poll(Duration.ofMillis(500)), "no trigger arrives");
        }
        assertEquals(0, server.stats().received(), "the server does not listen on trigger topics");
        assertTrue(f.registry.fleet().findDevice("dev-a").isEmpty(), "nothing was recorded");
    }
}
