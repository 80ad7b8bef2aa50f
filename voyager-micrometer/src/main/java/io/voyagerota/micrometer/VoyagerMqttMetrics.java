package io.voyagerota.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.voyagerota.InvalidInputException;
import io.voyagerota.micrometer.internal.MeterNames;
import io.voyagerota.transport.mqtt.MqttStats;
import io.voyagerota.transport.mqtt.VoyagerMqtt;

import java.util.function.ToLongFunction;

/**
 * Binds the MQTT transport's counters ({@link VoyagerMqtt#stats()}): device messages by result, and update
 * triggers sent and cleared. A class of its own so that hosts without MQTT need no MQTT client on the classpath.
 */
public final class VoyagerMqttMetrics implements MeterBinder {
    private final VoyagerMqtt mqtt;

    public VoyagerMqttMetrics(VoyagerMqtt mqtt) {
        if (mqtt == null) {
            throw new InvalidInputException("VoyagerMqttMetrics needs the VoyagerMqtt whose counters it reads");
        }
        this.mqtt = mqtt;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        messages(registry, "received", MqttStats::received);
        messages(registry, "handled", MqttStats::handled);
        messages(registry, "dropped", MqttStats::dropped);
        messages(registry, "failed", MqttStats::failed);
        triggers(registry, "sent", MqttStats::triggersSent);
        triggers(registry, "cleared", MqttStats::triggersCleared);
    }

    private void messages(MeterRegistry registry, String result, ToLongFunction<MqttStats> value) {
        FunctionCounter.builder(MeterNames.MQTT_MESSAGES, mqtt, m -> value.applyAsLong(m.stats()))
                .description("device messages over MQTT, by result").tag("result", result).register(registry);
    }

    private void triggers(MeterRegistry registry, String result, ToLongFunction<MqttStats> value) {
        FunctionCounter.builder(MeterNames.MQTT_TRIGGERS, mqtt, m -> value.applyAsLong(m.stats()))
                .description("update triggers published to devices' topics, or cleared").tag("result", result)
                .register(registry);
    }
}
