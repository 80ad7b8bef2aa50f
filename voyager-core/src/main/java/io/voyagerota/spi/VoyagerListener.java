package io.voyagerota.spi;

import io.voyagerota.event.VoyagerEvent;

/**
 * Receives Voyager's events and alerts. Called synchronously on the thread that caused the event, so an
 * implementation must be quick and must not throw; hand slow work (webhooks, e-mail) to a queue or the outbox.
 */
@FunctionalInterface
public interface VoyagerListener {
    void onEvent(VoyagerEvent event);

    /** A listener that ignores everything. */
    static VoyagerListener none() {
        return event -> { };
    }
}
