package io.voyagerota.transport.mqtt;

import io.voyagerota.VoyagerConfig;
import io.voyagerota.catalog.Release;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.testing.MutableClock;
import io.voyagerota.testing.VoyagerFixture;
import io.voyagerota.transport.mqtt.MqttConfig.Protocol;
import io.voyagerota.transport.mqtt.brokers.EmbeddedHiveMq;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.spi.MDCAdapter;

import java.lang.reflect.Method;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import static io.voyagerota.testing.VoyagerFixture.PRODUCT;
import static io.voyagerota.testing.VoyagerFixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With {@code MqttConfig.withLogContext(true)} the device's id, and for a report its release's id, are in the MDC
 * while the transport handles the device's message, on the embedded HiveMQ broker. What a log line would carry is
 * read where the handling thread calls into Voyager: the Voyager clock (asked for "now" by the check and by the
 * report) notes the MDC on every call. The tests' backend, slf4j-simple, keeps no MDC, so the test gives SLF4J the
 * map-backed adapter that logback and log4j provide.
 */
class MqttLogContextTest {
    private static EmbeddedHiveMq broker;

    @BeforeAll
    static void startTheBrokerWithAnMdcThatKeepsValues() throws ReflectiveOperationException {
        if (!(MDC.getMDCAdapter() instanceof BasicMDCAdapter)) {
            Method set = MDC.class.getDeclaredMethod("setMDCAdapter", MDCAdapter.class);
            set.setAccessible(true);
            set.invoke(null, new BasicMDCAdapter());
        }
        broker = new EmbeddedHiveMq();
    }

    @AfterAll
    static void stopTheBroker() {
        broker.close();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theDeviceAndReleaseIdsAreInTheMdcWhileAMessageIsHandledAndGoneAfter(boolean on) throws Exception {
        Set<List<String>> seen = new CopyOnWriteArraySet<>();
        MutableClock time = MutableClock.create();
        InstantSource noting = new InstantSource() {
            @Override
            public Instant instant() {
                if (Thread.currentThread().getName().equals("voyager-mqtt-inbox")) {
                    seen.add(Arrays.asList(MDC.get("voyager.deviceId"), MDC.get("voyager.releaseId")));
                }
                return time.instant();
            }
        };
        VoyagerFixture f = new VoyagerFixture(VoyagerConfig.defaults(), b -> b.clock(noting));
        String id = "mdc-" + on;
        Release release = f.production("1.0.0");
        f.voyager.check(DeviceCheck.of(id, PRODUCT, S3, Version.parse("0.9.0")));
        f.voyager.tick();
        MqttConfig config = MqttConfig.of(broker.uri()).withLogContext(on);
        try (VoyagerMqtt server = VoyagerMqtt.builder(f.voyager, config).build();
             DeviceClient device = DeviceClient.connect(broker.uri(), id, Protocol.MQTT_5)) {
            server.start();
            String topic = "devices/" + id + "/ota";
            device.publish(topic + "/status", "{\"reportId\":\"" + id + "-1\",\"product\":\"" + PRODUCT
                    + "\",\"fromVersion\":\"0.9.0\",\"toVersion\":\"1.0.0\",\"runningVersion\":\"1.0.0\","
                    + "\"status\":\"SUCCESS\"}");
            awaitHandled(server, 1);
            device.publish(topic + "/state", "{\"product\":\"" + PRODUCT + "\",\"model\":\"" + S3
                    + "\",\"version\":\"1.0.0\"}");
            awaitHandled(server, 2);
        } finally {
            f.voyager.close();
        }
        assertEquals(1, f.voyager.devices().history(id, 10).size(), "the report was recorded");
        // The report ran with both ids; the state message after it with the device's id alone, so the report's
        // release id was removed once it was handled. Off, the MDC stays empty.
        Set<List<String>> expected = on
                ? Set.of(Arrays.asList(id, release.id()), Arrays.asList(id, null))
                : Set.of(Arrays.asList((String) null, null));
        assertEquals(expected, seen);
    }

    private static void awaitHandled(VoyagerMqtt server, long count) throws InterruptedException {
        long deadline = System.nanoTime() + DeviceClient.WAIT.toNanos();
        while (server.stats().handled() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server handled " + server.stats().handled() + " messages, not " + count);
            }
            Thread.sleep(20);
        }
    }
}
