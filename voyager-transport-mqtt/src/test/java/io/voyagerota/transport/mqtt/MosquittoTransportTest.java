package io.voyagerota.transport.mqtt;

import io.voyagerota.transport.mqtt.brokers.Mosquitto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The transport against Debian's mosquitto, the broker many ESP32 fleets run, with the server on MQTT 5. */
class MosquittoTransportTest extends MqttKit {
    private static Mosquitto broker;

    @BeforeAll
    static void startBroker() {
        broker = new Mosquitto();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Override
    protected String broker() {
        return broker.uri();
    }
}
