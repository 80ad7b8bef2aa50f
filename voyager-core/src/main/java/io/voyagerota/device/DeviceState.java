package io.voyagerota.device;

import io.voyagerota.support.Checks;
import io.voyagerota.version.Version;

import java.time.Instant;
import java.util.Optional;

/**
 * What the server knows of one device: its product, the version it last said it runs, and how its updates went.
 */
public record DeviceState(String deviceId, String productId, Optional<String> model, Version currentVersion,
                          Optional<ReportStatus> lastStatus, Optional<String> lastError, Instant lastSeen,
                          long updatesSucceeded, long updatesFailed) {
    public DeviceState {
        Checks.notNull(deviceId, "deviceId");
        Checks.notNull(productId, "productId");
        Checks.notNull(model, "model");
        Checks.notNull(currentVersion, "currentVersion");
        Checks.notNull(lastStatus, "lastStatus");
        Checks.notNull(lastError, "lastError");
        Checks.notNull(lastSeen, "lastSeen");
    }

    /** This state after a report, counting its outcome. */
    public DeviceState after(DeviceReport report) {
        boolean success = report.status() == ReportStatus.SUCCESS;
        boolean failure = report.status().isOutcome() && !success;
        Optional<String> error = report.errorMessage().or(report::errorCode);
        Instant seen = report.reportedAt().isAfter(lastSeen) ? report.reportedAt() : lastSeen;
        return new DeviceState(deviceId, productId, model, report.runningVersion(), Optional.of(report.status()),
                failure ? error : Optional.empty(), seen, updatesSucceeded + (success ? 1 : 0),
                updatesFailed + (failure ? 1 : 0));
    }

    /** The state of a device first heard of through this report. */
    public static DeviceState first(DeviceReport report) {
        DeviceState blank = new DeviceState(report.deviceId(), report.productId(), Optional.empty(),
                report.fromVersion(), Optional.empty(), Optional.empty(), report.reportedAt(), 0, 0);
        return blank.after(report);
    }
}
