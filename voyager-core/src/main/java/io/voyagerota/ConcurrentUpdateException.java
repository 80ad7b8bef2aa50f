package io.voyagerota;

/**
 * Another writer changed the object between the read and the write (optimistic concurrency). Exactly one of two
 * concurrent transitions wins; the loser gets this and may re-read and retry.
 */
public final class ConcurrentUpdateException extends VoyagerException {
    public ConcurrentUpdateException(String what, String id, long expectedRevision) {
        super("concurrent-update", what + " '" + id + "' was changed by someone else (expected revision "
                + expectedRevision + "); re-read it and retry");
    }
}
