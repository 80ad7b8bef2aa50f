package io.voyagerota.outbox;

/**
 * Where an {@link OutboxEvent} is in its delivery. The usual path is {@code PENDING → PROCESSING → PROCESSED};
 * a failed attempt goes back to {@code PENDING} with a later due time, and the last allowed failure ends in
 * {@code FAILED}, which only an explicit resubmit or discard leaves.
 */
public enum OutboxState {
    /** Waiting for a relay to claim it once its {@code nextAttemptAt} has come. */
    PENDING,
    /** Claimed by a relay that holds a lease on it; reclaimed by another relay if the lease expires. */
    PROCESSING,
    /** Its handler succeeded. Final. */
    PROCESSED,
    /** It exhausted its attempts or has no handler; an alert was raised. Leaves only by resubmit or discard. */
    FAILED,
    /**
     * An operator gave up on it while it was FAILED; kept, with who, when and why in {@code lastError}, as the
     * record of that decision. Final.
     */
    DISCARDED
}
