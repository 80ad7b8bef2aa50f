package io.voyagerota.spring.boot.internal;

import io.voyagerota.Voyager;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.spi.ArtifactKey;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the Actuator health indicators of both Boot lines report: the registry answers (the outbox's counts are one
 * query), the artifact storage answers (a stat of a key that is never written), and the outbox's backlog. A failed
 * outbox event does not make the service DOWN (an operator resubmits or discards it); an unreachable registry or
 * storage does.
 *
 * @param up      whether the registry and the storage answered
 * @param details what was found, or the error of what did not answer
 */
public record HealthCheck(boolean up, Map<String, Object> details) {
    private static final ArtifactKey PROBE = ArtifactKey.of("voyager-health/probe");

    public HealthCheck {
        details = Map.copyOf(details);
    }

    public static HealthCheck of(Voyager voyager) {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = true;
        try {
            Map<OutboxState, Long> counts = voyager.outbox().counts();
            details.put("registry", "up");
            details.put("outboxPending", counts.getOrDefault(OutboxState.PENDING, 0L));
            details.put("outboxFailed", counts.getOrDefault(OutboxState.FAILED, 0L));
            List<OutboxEvent> oldest = voyager.registry().outbox().list(OutboxState.PENDING, 1);
            details.put("outboxOldestPendingSeconds", oldest.isEmpty() ? 0L
                    : Math.max(0, Duration.between(oldest.get(0).createdAt(), voyager.clock().instant()).toSeconds()));
        } catch (RuntimeException e) {
            up = false;
            details.put("registry", "down: " + e);
        }
        try {
            voyager.storage().stat(PROBE);
            details.put("storage", "up");
        } catch (RuntimeException e) {
            up = false;
            details.put("storage", "down: " + e);
        }
        return new HealthCheck(up, details);
    }
}
