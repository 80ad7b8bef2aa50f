package io.voyagerota.internal;

/** The outbox event types Voyager itself writes, with their payload fields. */
public final class EventTypes {
    /** Soft-delete an artifact: {@code {"key": …}}. */
    public static final String ARTIFACT_DELETE = "artifact.delete";
    /** Restore a soft-deleted artifact: {@code {"key": …}}. */
    public static final String ARTIFACT_RESTORE = "artifact.restore";
    /** Remove a replaced draft artifact for good: {@code {"key": …}}. */
    public static final String ARTIFACT_PURGE = "artifact.purge";
    /** Nudge the product's devices that now have an offer: {@code {"productId": …, "reason": …}}. */
    public static final String DEVICES_TRIGGER = "devices.trigger";

    private EventTypes() {
    }
}
