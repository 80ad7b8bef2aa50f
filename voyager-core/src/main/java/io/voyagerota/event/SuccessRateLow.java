package io.voyagerota.event;

import java.time.Instant;

/** A rollout's success rate fell below the configured threshold with at least the minimum sample of outcomes. */
public record SuccessRateLow(String rolloutId, String releaseId, double successRate, double threshold,
                             long outcomes, Instant at) implements Alert {
    @Override
    public String summary() {
        return String.format(java.util.Locale.ROOT, "rollout %s of release %s: success rate %.1f%% below %.1f%% over %d outcomes",
                rolloutId, releaseId, successRate * 100, threshold * 100, outcomes);
    }
}
