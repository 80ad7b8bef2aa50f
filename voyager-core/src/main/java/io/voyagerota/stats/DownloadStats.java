package io.voyagerota.stats;

import io.voyagerota.InvalidInputException;
import io.voyagerota.support.Checks;

import java.util.Arrays;

/**
 * Download time and speed over the reports that carry both {@code downloadMs} (above 0) and {@code bytes}. The speed
 * of one report is {@code bytes * 1000 / downloadMs} bytes per second; for the 95th percentiles the speed is cut to a
 * whole number. A percentile is the smallest sample at or below which at least 95% of the samples lie (SQL's
 * {@code PERCENTILE_DISC(0.95)}). With no samples every figure is 0.
 */
public record DownloadStats(long samples, double averageMillis, long p95Millis, double averageBytesPerSecond,
                            long p95BytesPerSecond) {
    public DownloadStats {
        Checks.inRange(samples, 0, Long.MAX_VALUE, "samples");
        Checks.inRange(p95Millis, 0, Long.MAX_VALUE, "p95Millis");
        Checks.inRange(p95BytesPerSecond, 0, Long.MAX_VALUE, "p95BytesPerSecond");
        if (!(averageMillis >= 0) || !(averageBytesPerSecond >= 0)) {
            throw new InvalidInputException("download averages must be 0 or more, got " + averageMillis + " and "
                    + averageBytesPerSecond);
        }
    }

    public static DownloadStats none() {
        return new DownloadStats(0, 0, 0, 0, 0);
    }

    /** The figures of samples given as parallel arrays of download times (above 0) and byte counts. */
    public static DownloadStats of(long[] millis, long[] bytes) {
        int n = millis.length;
        if (n == 0) {
            return none();
        }
        long[] speeds = new long[n];
        double millisSum = 0;
        double speedSum = 0;
        for (int i = 0; i < n; i++) {
            millisSum += millis[i];
            speedSum += (double) bytes[i] * 1000 / millis[i];
            speeds[i] = bytes[i] * 1000 / millis[i];
        }
        return new DownloadStats(n, millisSum / n, p95(millis.clone()), speedSum / n, p95(speeds));
    }

    private static long p95(long[] values) {
        Arrays.sort(values);
        int rank = (int) Math.ceil(0.95 * values.length);
        return values[Math.max(rank, 1) - 1];
    }
}
