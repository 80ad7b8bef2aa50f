package io.voyagerota.housekeeping;

import io.voyagerota.support.Checks;

/**
 * One purge housekeeping queued: an {@code artifact.purge} outbox event that removes the artifact for good.
 *
 * @param key     the artifact's storage key
 * @param reason  why it goes
 * @param eventId the outbox event that purges it; derived from the key, the reason and the UTC day, so that nodes
 *                running housekeeping the same day queue one event between them
 */
public record ArtifactPurge(String key, PurgeReason reason, String eventId) {
    public ArtifactPurge {
        Checks.notNull(key, "key");
        Checks.notNull(reason, "reason");
        Checks.notNull(eventId, "eventId");
    }
}
