package io.voyagerota.spi;

import io.voyagerota.decision.Selection;

/**
 * Nudges a device to check for an update now (an MQTT message, a push). A trigger is only a hint: the device
 * always asks {@code check} and verifies what it is offered, so a forged trigger can do no harm. Called by the
 * outbox relay, at least once per trigger, so it must tolerate repeats.
 *
 * <p>A fan-out is delivered as chunks of at most a thousand devices each. For each chunk a relay calls
 * {@link #trigger(String, Selection, String)} once per device that the current catalog makes eligible, then
 * {@link #flush()}; a notifier that throws has that chunk retried. Several fan-out threads
 * ({@code VoyagerConfig.fanoutWorkers()}) deliver chunks at once, so a notifier must be safe for concurrent use.
 */
@FunctionalInterface
public interface DeviceNotifier {
    void trigger(String productId, String deviceId, String reason) throws Exception;

    /**
     * Nudges a device with what the catalog now chose for it, for transports that say which release is waiting (an
     * MQTT trigger names its version and sequence). By default the choice is left out: {@code trigger(productId,
     * selection.deviceId(), reason)}.
     */
    default void trigger(String productId, Selection selection, String reason) throws Exception {
        trigger(productId, selection.deviceId(), reason);
    }

    /**
     * Called once the triggers of one outbox event have all been handed over, so that a notifier that sends them
     * asynchronously can wait for them and throw if any failed (the event is then retried). Does nothing by default.
     */
    default void flush() throws Exception {
    }

    /** A notifier for deployments where devices only poll. */
    static DeviceNotifier none() {
        return (productId, deviceId, reason) -> { };
    }
}
