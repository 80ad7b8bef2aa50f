package io.voyagerota.event;

import java.time.Instant;

/** An outbox event exhausted its attempts and is FAILED; resubmit it once the cause is fixed. */
public record OutboxDeliveryFailed(String eventId, String type, int attempts, String lastError, Instant at)
        implements Alert {
    @Override
    public String summary() {
        return "outbox event " + eventId + " (" + type + ") failed after " + attempts + " attempts: " + lastError
                + "; fix the cause, then resubmit it";
    }
}
