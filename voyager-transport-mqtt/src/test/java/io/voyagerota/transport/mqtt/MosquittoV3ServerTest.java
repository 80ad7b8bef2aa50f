package io.voyagerota.transport.mqtt;

import io.voyagerota.transport.mqtt.MqttConfig.Protocol;
import io.voyagerota.transport.mqtt.brokers.Broker;
import io.voyagerota.transport.mqtt.brokers.Mosquitto;

/** The transport against mosquitto with the server on MQTT 3.1.1, as on a broker without MQTT 5. */
class MosquittoV3ServerTest extends MqttKit {
    @Override
    protected Broker startBroker() {
        return new Mosquitto();
    }

    @Override
    protected Protocol serverProtocol() {
        return Protocol.MQTT_3_1_1;
    }
}
