package io.voyagerota.transport.mqtt;

import io.voyagerota.transport.mqtt.brokers.EmbeddedHiveMq;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The transport against HiveMQ CE, embedded: the default broker of the tests. */
class HiveMqTransportTest extends MqttKit {
    private static EmbeddedHiveMq broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedHiveMq();
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
