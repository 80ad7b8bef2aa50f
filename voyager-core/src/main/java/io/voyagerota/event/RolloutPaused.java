package io.voyagerota.event;

import java.time.Instant;

/** A rollout stopped offering its release, by an operator or by itself because failures crossed a threshold. */
public record RolloutPaused(String rolloutId, String releaseId, String reason, boolean automatic, Instant at)
        implements Alert {
    @Override
    public String summary() {
        return "rollout " + rolloutId + " of release " + releaseId + " paused"
                + (automatic ? " automatically" : "") + ": " + reason;
    }
}
