package io.voyagerota.event;

import java.time.Instant;

/** A release changed lifecycle state, or was deleted or restored. */
public record ReleaseTransitioned(String releaseId, String productId, String version, String from, String to,
                                  Instant at) implements VoyagerEvent {
}
