package io.voyagerota.auth;

import io.voyagerota.support.Checks;

/**
 * A device's newly issued credential. The plain secret exists only in this value, returned once by
 * {@link io.voyagerota.Devices#enrol}: the server keeps only its hash, so hand it to the device (provisioning,
 * factory flashing) and drop it. {@link #toString()} leaves the secret out, so it cannot end up in a log by accident.
 *
 * @param secret the credential the device presents, a {@link Secrets#newToken() 256-bit token}
 */
public record DeviceCredential(String deviceId, String secret) {
    public DeviceCredential {
        Checks.notNull(deviceId, "deviceId");
        Checks.notNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "DeviceCredential[deviceId=" + deviceId + ", secret=(hidden)]";
    }
}
