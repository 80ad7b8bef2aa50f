package io.voyagerota.internal;

/** The outbox event types Voyager itself writes, with their payload fields. */
public final class EventTypes {
    /** Soft-delete an artifact: {@code {"key": …}}. */
    public static final String ARTIFACT_DELETE = "artifact.delete";
    /** Restore a soft-deleted artifact: {@code {"key": …}}. */
    public static final String ARTIFACT_RESTORE = "artifact.restore";
    /** Remove a replaced draft artifact for good: {@code {"key": …}}. */
    public static final String ARTIFACT_PURGE = "artifact.purge";
    /**
     * Nudge the product's devices that now have an offer: {@code {"productId": …, "reason": …}}. Its handler only
     * splits it into {@link #DEVICES_TRIGGER_CHUNK} events, so that no single delivery walks a whole fleet.
     */
    public static final String DEVICES_TRIGGER = "devices.trigger";
    /**
     * Nudge the devices of one slice of a {@link #DEVICES_TRIGGER}: those of the product with an id in
     * {@code (after, upTo]}, or above {@code after} when {@code upTo} is empty:
     * {@code {"productId": …, "reason": …, "after": …, "upTo": …}}.
     */
    public static final String DEVICES_TRIGGER_CHUNK = "devices.trigger.chunk";

    private EventTypes() {
    }
}
