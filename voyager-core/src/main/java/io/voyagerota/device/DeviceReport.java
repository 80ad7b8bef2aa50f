package io.voyagerota.device;

import io.voyagerota.support.Checks;
import io.voyagerota.version.Version;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One status report from a device about one update attempt. Reports are idempotent by {@link #reportId()}: a device
 * retrying a report it is unsure was delivered sends the same id, and it is counted once.
 *
 * @param fromVersion    what the device ran when the attempt began
 * @param toVersion      the version offered
 * @param runningVersion what the device runs now; for SUCCESS it must equal {@code toVersion} (the new image booted
 *                       and marked itself valid), for ROLLED_BACK it must not
 * @param errorCode      a short machine-readable reason for FAILED and ROLLED_BACK, such as {@code sha256-mismatch}
 */
public record DeviceReport(String reportId, String deviceId, String productId, Version fromVersion,
                           Version toVersion, Version runningVersion, ReportStatus status, Optional<String> errorCode,
                           Optional<String> errorMessage, ReportMetrics metrics, Instant reportedAt) {
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public DeviceReport {
        Checks.matches(reportId, ID, "reportId", "1 to 128 characters of letters, digits, '.', '_', ':' or '-'");
        Checks.matches(deviceId, ID, "deviceId", "1 to 128 characters of letters, digits, '.', '_', ':' or '-'");
        Checks.notNull(productId, "productId");
        Checks.notNull(fromVersion, "fromVersion");
        Checks.notNull(toVersion, "toVersion");
        Checks.notNull(runningVersion, "runningVersion");
        Checks.notNull(status, "status");
        Checks.notNull(errorCode, "errorCode").ifPresent(c -> Checks.matches(c, CODE, "errorCode",
                "1 to 64 characters of a-z, 0-9, '.', '_' or '-'"));
        Checks.notNull(errorMessage, "errorMessage").ifPresent(m -> Checks.inRange(m.length(), 0, 1000,
                "errorMessage length"));
        Checks.notNull(metrics, "metrics");
        Checks.notNull(reportedAt, "reportedAt");
        if (status == ReportStatus.SUCCESS && !runningVersion.equals(toVersion)) {
            throw new InvalidReportException(reportId, "SUCCESS means the device booted " + toVersion
                    + " and marked it valid, but it reports running " + runningVersion
                    + "; report SUCCESS only after esp_ota_mark_app_valid_cancel_rollback() in the new image");
        }
        if (status == ReportStatus.ROLLED_BACK && runningVersion.equals(toVersion)) {
            throw new InvalidReportException(reportId, "ROLLED_BACK must name the version the device fell back"
                    + " to, but it reports running the offered " + toVersion);
        }
    }

    /** Whether a device id is well formed, for transports that check before building a report. */
    public static boolean isValidDeviceId(String id) {
        return ID.matcher(id).matches();
    }

    /** The failure reason to count: the error code, or the status when the device gave none. */
    public String failureReason() {
        return errorCode.orElse(status == ReportStatus.ROLLED_BACK ? "rolled-back" : "unspecified");
    }
}
