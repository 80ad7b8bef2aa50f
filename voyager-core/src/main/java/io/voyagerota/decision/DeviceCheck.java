package io.voyagerota.decision;

import io.voyagerota.catalog.Chip;
import io.voyagerota.support.Checks;
import io.voyagerota.version.Version;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A device asking whether it should update.
 *
 * @param chip    the chip the device reports, checked against its model's chip when present
 * @param tags    the device's tags as the server knows them (e.g. {@code tester}); a transport must take them from
 *                its own records, never from what the device claims
 * @param batteryPercent the device's battery level, if it has a battery
 * @param secureVersion  the device's anti-rollback epoch: releases below it are never offered (0 when unknown)
 */
public record DeviceCheck(String deviceId, String productId, String model, Optional<Chip> chip,
                          Version currentVersion, Set<String> tags, OptionalInt batteryPercent, int secureVersion) {
    public DeviceCheck {
        Checks.notNull(deviceId, "deviceId");
        Checks.notNull(productId, "productId");
        Checks.notNull(model, "model");
        Checks.notNull(chip, "chip");
        Checks.notNull(currentVersion, "currentVersion");
        tags = Set.copyOf(Checks.notNull(tags, "tags"));
        Checks.notNull(batteryPercent, "batteryPercent");
        Checks.inRange(secureVersion, 0, Integer.MAX_VALUE, "secureVersion");
    }

    /** A check without a secure version (an epoch of 0). */
    public DeviceCheck(String deviceId, String productId, String model, Optional<Chip> chip, Version currentVersion,
                       Set<String> tags, OptionalInt batteryPercent) {
        this(deviceId, productId, model, chip, currentVersion, tags, batteryPercent, 0);
    }

    /** A check with no chip, tags or battery. */
    public static DeviceCheck of(String deviceId, String productId, String model, Version currentVersion) {
        return new DeviceCheck(deviceId, productId, model, Optional.empty(), currentVersion, Set.of(),
                OptionalInt.empty());
    }

    public DeviceCheck withTags(String... newTags) {
        return new DeviceCheck(deviceId, productId, model, chip, currentVersion, Set.of(newTags), batteryPercent,
                secureVersion);
    }

    public DeviceCheck withBattery(int percent) {
        return new DeviceCheck(deviceId, productId, model, chip, currentVersion, tags, OptionalInt.of(percent),
                secureVersion);
    }

    public DeviceCheck withChip(Chip reported) {
        return new DeviceCheck(deviceId, productId, model, Optional.of(reported), currentVersion, tags,
                batteryPercent, secureVersion);
    }

    public DeviceCheck withSecureVersion(int epoch) {
        return new DeviceCheck(deviceId, productId, model, chip, currentVersion, tags, batteryPercent, epoch);
    }
}
