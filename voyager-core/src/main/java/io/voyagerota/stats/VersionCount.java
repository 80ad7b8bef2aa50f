package io.voyagerota.stats;

import io.voyagerota.support.Checks;

/** How many of a product's known devices last said they run a version (the version as stored, as text). */
public record VersionCount(String version, long devices) {
    public VersionCount {
        Checks.notNull(version, "version");
        Checks.inRange(devices, 1, Long.MAX_VALUE, "devices");
    }
}
