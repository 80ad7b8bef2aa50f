package io.voyagerota.transport.mqtt;

import io.voyagerota.transport.mqtt.brokers.Broker;
import io.voyagerota.transport.mqtt.brokers.Mosquitto;

/** The transport against Debian's mosquitto, the broker many ESP32 fleets run, with the server on MQTT 5. */
class MosquittoTransportTest extends MqttKit {
    @Override
    protected Broker startBroker() {
        return new Mosquitto();
    }
}
