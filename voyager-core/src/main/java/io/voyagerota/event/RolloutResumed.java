package io.voyagerota.event;

import java.time.Instant;

/** An operator resumed a paused rollout. */
public record RolloutResumed(String rolloutId, String releaseId, Instant at) implements VoyagerEvent {
}
