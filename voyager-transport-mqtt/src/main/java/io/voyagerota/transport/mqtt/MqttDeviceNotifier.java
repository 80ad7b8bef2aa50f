package io.voyagerota.transport.mqtt;

import io.voyagerota.decision.Selection;
import io.voyagerota.spi.DeviceNotifier;
import io.voyagerota.transport.mqtt.internal.TriggerHint;
import io.voyagerota.transport.mqtt.internal.TriggerPublisher;

import java.time.Duration;

/**
 * Sends the outbox's device triggers over MQTT: for each eligible device a hint naming the release waiting for it is
 * published, retained, on its trigger topic, at the rate of {@link MqttConfig#triggersPerSecond()}. Create it first, give it to
 * {@code Voyager.builder().notifier(…)}, then to {@link VoyagerMqtt.Builder#notifier}; until that transport has
 * started, triggers fail and the outbox retries them with backoff.
 *
 * <pre>{@code
 * MqttDeviceNotifier notifier = new MqttDeviceNotifier();
 * Voyager voyager = Voyager.builder().registry(registry).artifactStorage(storage).notifier(notifier).build();
 * VoyagerMqtt mqtt = VoyagerMqtt.builder(voyager, MqttConfig.of("tcp://broker:1883")).notifier(notifier).build();
 * mqtt.start();
 * }</pre>
 */
public final class MqttDeviceNotifier implements DeviceNotifier {
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(30);
    private volatile TriggerPublisher publisher;

    /** MQTT triggers name the release, so the fanout calls {@link #trigger(String, Selection, String)} instead. */
    @Override
    public void trigger(String productId, String deviceId, String reason) {
        throw new UnsupportedOperationException("an MQTT trigger names the release waiting for the device: call"
                + " trigger(productId, selection, reason), as the outbox's trigger fanout does");
    }

    @Override
    public void trigger(String productId, Selection selection, String reason) throws InterruptedException {
        publisher().fanout(TriggerHint.of(selection));
    }

    @Override
    public void flush() throws InterruptedException {
        publisher().flush(FLUSH_TIMEOUT);
    }

    void bind(TriggerPublisher value) {
        this.publisher = value;
    }

    private TriggerPublisher publisher() {
        TriggerPublisher p = publisher;
        if (p == null) {
            throw new MqttTransportException("the MQTT transport this notifier belongs to has not started (or has"
                    + " stopped); the outbox will retry this trigger", null);
        }
        return p;
    }
}
