package io.voyagerota.spi;

/**
 * Nudges a device to check for an update now (an MQTT message, a push). A trigger is only a hint: the device
 * always asks {@code check} and verifies what it is offered, so a forged trigger can do no harm. Called by the
 * outbox relay, at least once per trigger, so it must tolerate repeats.
 */
@FunctionalInterface
public interface DeviceNotifier {
    void trigger(String productId, String deviceId, String reason) throws Exception;

    /** A notifier for deployments where devices only poll. */
    static DeviceNotifier none() {
        return (productId, deviceId, reason) -> { };
    }
}
