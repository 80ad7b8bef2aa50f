package io.voyagerota.stats;

import io.voyagerota.device.ReportStatus;
import io.voyagerota.support.Checks;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where the devices of a rollout stand: each device that reported for the rollout in the range counts once, under
 * the status of its latest such report (DOWNLOADING, INSTALLING, REBOOTING, or an outcome).
 */
public record RolloutStages(String rolloutId, Map<ReportStatus, Long> devices) {
    public RolloutStages {
        Checks.notNull(rolloutId, "rolloutId");
        EnumMap<ReportStatus, Long> copy = new EnumMap<>(ReportStatus.class);
        copy.putAll(Checks.notNull(devices, "devices"));
        devices = Collections.unmodifiableMap(copy);
    }

    public long total() {
        return devices.values().stream().mapToLong(Long::longValue).sum();
    }
}
