package io.voyagerota.transport.mqtt;

import io.voyagerota.InvalidInputException;
import io.voyagerota.VoyagerConfig;
import io.voyagerota.testing.VoyagerFixture;
import io.voyagerota.transport.mqtt.brokers.Broker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MqttConfigTest {
    @Test
    void defaultsAreThoseDocumented() {
        MqttConfig c = MqttConfig.of("tcp://broker.example:1884");
        assertEquals("broker.example", c.host());
        assertEquals(1884, c.port());
        assertFalse(c.tls());
        assertTrue(c.clientId().matches("voyager-[0-9a-f]{8}"), c.clientId());
        assertTrue(c.credentials().isEmpty());
        assertEquals("devices/{id}/ota", c.topic());
        assertEquals("voyager", c.sharedGroup());
        assertEquals(100, c.triggersPerSecond());
        assertEquals(1, c.qos());
        assertEquals(MqttConfig.Protocol.MQTT_5, c.protocol());
        assertEquals(Duration.ZERO, c.sessionExpiry());
        assertEquals(16 * 1024, c.maxPayloadBytes());
        assertEquals(1883, MqttConfig.of("mqtt://b").port());
        MqttConfig secure = MqttConfig.of("mqtts://b");
        assertTrue(secure.tls());
        assertEquals(8883, secure.port());
        assertEquals(8883, MqttConfig.of("tcp://b").withTls(true).port());
    }

    @Test
    void thePasswordNeverShows() {
        MqttConfig c = MqttConfig.of("tcp://b").withCredentials("voyager", "hunter2");
        assertFalse(c.toString().contains("hunter2"), c.toString());
        assertTrue(c.toString().contains("voyager"));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "http://b:1883 | schemes tcp, mqtt, ssl, mqtts",
            "tcp:// b | not a URI",
            "clientId | clientId",
            "topic | exactly once",
            "group | sharedGroup",
            "rate | triggersPerSecond",
            "qos | must be 0, 1 or 2",
            "tls | asks for TLS",
            "payload | maxPayloadBytes",
    })
    void badValuesAreRefusedWithWhatToDo(String what, String says) {
        Supplier<MqttConfig> c = () -> MqttConfig.of("tcp://b");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> {
            switch (what) {
                case "clientId" -> c.get().withClientId("a b");
                case "topic" -> c.get().withTopic("devices/ota");
                case "group" -> c.get().withSharedGroup("a/b");
                case "rate" -> c.get().withTriggersPerSecond(0);
                case "qos" -> c.get().withQos(3);
                case "tls" -> MqttConfig.of("ssl://b").withTls(false);
                case "payload" -> c.get().withMaxPayloadBytes(10);
                default -> MqttConfig.of(what);
            }
        });
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }

    @Test
    void startFailsWithATypedErrorWhenNoBrokerAnswers() {
        VoyagerFixture f = new VoyagerFixture(VoyagerConfig.defaults());
        VoyagerMqtt mqtt = VoyagerMqtt.builder(f.voyager, MqttConfig.of("tcp://127.0.0.1:" + Broker.freePort())
                .withConnectTimeout(Duration.ofSeconds(2))).build();
        MqttTransportException e = assertThrows(MqttTransportException.class, mqtt::start);
        assertTrue(e.getMessage().startsWith("could not connect to the MQTT broker tcp://127.0.0.1:"), e.getMessage());
        assertEquals("mqtt-unavailable", e.code());
        mqtt.close(); // nothing to close: it never started
    }
}
