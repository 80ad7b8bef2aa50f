package io.voyagerota.device;

import io.voyagerota.support.Checks;
import io.voyagerota.version.Version;

import java.time.Instant;

/** A device seen checking for updates: batched and written in the background, never on the check path. */
public record DeviceSighting(String deviceId, String productId, String model, Version version, Instant at) {
    public DeviceSighting {
        Checks.notNull(deviceId, "deviceId");
        Checks.notNull(productId, "productId");
        Checks.notNull(model, "model");
        Checks.notNull(version, "version");
        Checks.notNull(at, "at");
    }
}
