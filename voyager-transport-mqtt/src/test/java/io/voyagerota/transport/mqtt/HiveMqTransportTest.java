package io.voyagerota.transport.mqtt;

import io.voyagerota.transport.mqtt.brokers.Broker;
import io.voyagerota.transport.mqtt.brokers.EmbeddedHiveMq;

/** The transport against HiveMQ CE, embedded: the default broker of the tests. */
class HiveMqTransportTest extends MqttKit {
    @Override
    protected Broker startBroker() {
        return new EmbeddedHiveMq();
    }
}
