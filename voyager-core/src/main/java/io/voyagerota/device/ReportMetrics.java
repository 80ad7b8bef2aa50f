package io.voyagerota.device;

import io.voyagerota.support.Checks;

import java.util.OptionalInt;
import java.util.OptionalLong;

/** Optional measurements a device sends with a report. */
public record ReportMetrics(OptionalLong downloadMillis, OptionalLong bytesDownloaded, OptionalLong installMillis,
                            OptionalInt batteryPercent, OptionalInt rssi) {
    public ReportMetrics {
        Checks.notNull(downloadMillis, "downloadMillis").ifPresent(v -> Checks.inRange(v, 0, Long.MAX_VALUE, "downloadMillis"));
        Checks.notNull(bytesDownloaded, "bytesDownloaded").ifPresent(v -> Checks.inRange(v, 0, Long.MAX_VALUE, "bytesDownloaded"));
        Checks.notNull(installMillis, "installMillis").ifPresent(v -> Checks.inRange(v, 0, Long.MAX_VALUE, "installMillis"));
        Checks.notNull(batteryPercent, "batteryPercent").ifPresent(v -> Checks.inRange(v, 0, 100, "batteryPercent"));
        Checks.notNull(rssi, "rssi").ifPresent(v -> Checks.inRange(v, -200, 0, "rssi"));
    }

    public static ReportMetrics none() {
        return new ReportMetrics(OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalInt.empty(), OptionalInt.empty());
    }

    /** Download speed in kilobytes per second, when both bytes and time are known. */
    public OptionalLong downloadKilobytesPerSecond() {
        if (bytesDownloaded.isEmpty() || downloadMillis.isEmpty() || downloadMillis.getAsLong() == 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(bytesDownloaded.getAsLong() * 1000 / 1024 / downloadMillis.getAsLong());
    }
}
