package io.voyagerota.event;

import java.time.Duration;
import java.time.Instant;

/** At least the configured number of failed updates arrived within the configured window. */
public record FailureBurst(String rolloutId, String releaseId, int failures, Duration window, Instant at)
        implements Alert {
    @Override
    public String summary() {
        return "rollout " + rolloutId + " of release " + releaseId + ": " + failures + " failed updates within "
                + window;
    }
}
