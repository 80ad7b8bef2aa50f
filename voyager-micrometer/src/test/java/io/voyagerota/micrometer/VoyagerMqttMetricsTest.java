package io.voyagerota.micrometer;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.voyagerota.testing.VoyagerFixture;
import io.voyagerota.transport.mqtt.MqttConfig;
import io.voyagerota.transport.mqtt.VoyagerMqtt;
import io.voyagerota.transport.mqtt.brokers.Mosquitto;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VoyagerMqttMetricsTest {
    private final VoyagerFixture f = new VoyagerFixture();
    private final MeterRegistry registry = new SimpleMeterRegistry();

    private double counter(String name, String result) {
        return registry.get(name).tag("result", result).functionCounter().count();
    }

    @Test
    void theTransportsCountersAreMetersOverARealBroker() throws InterruptedException {
        try (Mosquitto broker = new Mosquitto();
             VoyagerMqtt mqtt = VoyagerMqtt.builder(f.voyager, MqttConfig.of(broker.uri())).build()) {
            mqtt.start();
            new VoyagerMqttMetrics(mqtt).bindTo(registry);
            Mqtt5BlockingClient device = MqttClient.builder().useMqttVersion5().identifier("locker-0001")
                    .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
            device.connect();
            device.publishWith().topic("devices/locker-0001/ota/status")
                    .payload("not json".getBytes(StandardCharsets.UTF_8)).send();
            device.disconnect();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (mqtt.stats().dropped() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(mqtt.stats().dropped() > 0, "the broker delivered the malformed report: " + mqtt.stats());

            assertEquals(1, counter("voyager.mqtt.messages", "received"));
            assertEquals(1, counter("voyager.mqtt.messages", "dropped"));
            assertEquals(0, counter("voyager.mqtt.messages", "handled"));
            assertEquals(0, counter("voyager.mqtt.messages", "failed"));
            assertEquals(mqtt.stats().triggersSent(), counter("voyager.mqtt.triggers", "sent"));
            assertEquals(0, counter("voyager.mqtt.triggers", "cleared"));
        }
    }
}
