package io.voyagerota.transport.mqtt;

import io.voyagerota.transport.mqtt.MqttConfig.Protocol;
import io.voyagerota.transport.mqtt.brokers.Mosquitto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The transport against mosquitto with the server on MQTT 3.1.1, as on a broker without MQTT 5. */
class MosquittoV3ServerTest extends MqttKit {
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

    @Override
    protected Protocol serverProtocol() {
        return Protocol.MQTT_3_1_1;
    }
}
