package io.voyagerota.event;

/** An event that needs a person's attention: route these to a pager or a chat channel. */
public sealed interface Alert extends VoyagerEvent
        permits RolloutPaused, SuccessRateLow, FailureBurst, OutboxDeliveryFailed {
    /** One line a person can act on. */
    String summary();
}
