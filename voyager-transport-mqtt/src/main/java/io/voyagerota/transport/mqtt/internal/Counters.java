package io.voyagerota.transport.mqtt.internal;

import io.voyagerota.transport.mqtt.MqttStats;

import java.util.concurrent.atomic.LongAdder;

/** The transport's counters, read as {@link MqttStats}. */
public final class Counters {
    final LongAdder received = new LongAdder();
    final LongAdder handled = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder cleared = new LongAdder();

    public MqttStats snapshot() {
        return new MqttStats(received.sum(), handled.sum(), dropped.sum(), failed.sum(), sent.sum(), cleared.sum());
    }
}
