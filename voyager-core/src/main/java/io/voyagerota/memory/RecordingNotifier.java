package io.voyagerota.memory;

import io.voyagerota.spi.DeviceNotifier;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A notifier that remembers every trigger, for tests and for hosts that deliver triggers themselves. */
public final class RecordingNotifier implements DeviceNotifier {
    /** One trigger as it was asked for. */
    public record Trigger(String productId, String deviceId, String reason) {
    }

    private final List<Trigger> triggers = new CopyOnWriteArrayList<>();

    @Override
    public void trigger(String productId, String deviceId, String reason) {
        triggers.add(new Trigger(productId, deviceId, reason));
    }

    public List<Trigger> triggers() {
        return List.copyOf(triggers);
    }
}
