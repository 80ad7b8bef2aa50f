package io.voyagerota.event;

import java.time.Instant;

/** A staged rollout moved to its next stage because the success threshold held after the soak time. */
public record RolloutAdvanced(String rolloutId, String releaseId, int stage, int percentBasisPoints, Instant at)
        implements VoyagerEvent {
}
