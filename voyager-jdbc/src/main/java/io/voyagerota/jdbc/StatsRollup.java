package io.voyagerota.jdbc;

import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.ReportMetrics;
import io.voyagerota.device.ReportStatus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Keeps the statistics rollups of schema version 6 ({@code voyager_stats_*}) in step with {@code voyager_report}: a
 * newly recorded report is added in the transaction that inserted it, after that insert succeeded (so a duplicate
 * report, which inserts nothing, adds nothing) and while the transaction holds the device's row lock (so the
 * device's rollout row is read and written by one transaction at a time). The counters are shared by all devices:
 * each is changed by an atomic increment, in one fixed order (outcomes, download speed, download time, then the
 * rollout stages by day and status), so concurrent reports on several nodes wait for each other but never deadlock.
 */
final class StatsRollup {
    private final Dialect dialect;

    StatsRollup(Dialect dialect) {
        this.dialect = dialect;
    }

    /** The UTC day of an instant, in days since 1970-01-01, as the migration's SQL computes it. */
    static long day(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).toEpochDay();
    }

    /** A value's bucket: the value with all but its first two digits set to 0 (0 to 99 are their own buckets). */
    static long bucket(long value) {
        return value - value % bucketWidth(value);
    }

    /** The width of the bucket that {@code value} (0 or more) falls in: the bucket is [bucket, bucket + width). */
    static long bucketWidth(long value) {
        long width = 1;
        for (int digits = Long.toString(value).length(); digits > 2; digits--) {
            width *= 10;
        }
        return width;
    }

    /** Adds a report just inserted with recording order {@code seq} to every rollup it belongs to. */
    void add(Connection c, DeviceReport report, Optional<String> rolloutId, long seq) throws SQLException {
        long day = day(Columns.stored(report.reportedAt()));
        ReportStatus status = report.status();
        if (status.isOutcome()) {
            String reason = status == ReportStatus.SUCCESS ? "" : report.failureReason();
            increment(c, "voyager_stats_outcome_day", "reports", new String[] {"product_id", "utc_day", "status",
                    "reason"}, new Object[] {report.productId(), day, status.name(), reason}, 1, null);
        }
        ReportMetrics m = report.metrics();
        if (m.downloadMillis().orElse(0) > 0 && m.bytesDownloaded().isPresent()) {
            long millis = m.downloadMillis().getAsLong();
            long bytes = m.bytesDownloaded().getAsLong();
            download(c, report.productId(), day, "S", bytes * 1000 / millis, (double) bytes * 1000 / millis);
            download(c, report.productId(), day, "T", millis, millis);
        }
        if (rolloutId.isPresent()) {
            stage(c, report, rolloutId.get(), day, seq);
        }
    }

    private void download(Connection c, String productId, long day, String metric, long value, double exact)
            throws SQLException {
        increment(c, "voyager_stats_download_day", "samples", new String[] {"product_id", "utc_day", "metric",
                "bucket"}, new Object[] {productId, day, metric, bucket(value)}, 1, exact);
    }

    /** Moves the device's rollout row on to this report, and the stage counters with it if it is the latest. */
    private void stage(Connection c, DeviceReport report, String rolloutId, long day, long seq) throws SQLException {
        String key = " WHERE product_id = ? AND rollout_id = ? AND device_id = ?";
        long latestDay;
        String latestStatus;
        long latestSeq;
        try (PreparedStatement ps = c.prepareStatement("SELECT latest_day, latest_status, latest_seq FROM"
                + " voyager_stats_rollout_device" + key)) {
            bindKey(ps, 1, report, rolloutId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    insertDevice(c, report, rolloutId, day, seq);
                    stageCount(c, report.productId(), rolloutId, day, report.status().name(), 1);
                    return;
                }
                latestDay = rs.getLong(1);
                latestStatus = rs.getString(2);
                latestSeq = rs.getLong(3);
            }
        }
        boolean latest = seq > latestSeq; // a report of this device that committed first may have a later seq
        try (PreparedStatement ps = c.prepareStatement("UPDATE voyager_stats_rollout_device SET"
                + " first_day = LEAST(first_day, ?), last_day = GREATEST(last_day, ?)"
                + (latest ? ", latest_seq = ?, latest_day = ?, latest_status = ?" : "") + key)) {
            int i = 1;
            ps.setLong(i++, day);
            ps.setLong(i++, day);
            if (latest) {
                ps.setLong(i++, seq);
                ps.setLong(i++, day);
                ps.setString(i++, report.status().name());
            }
            bindKey(ps, i, report, rolloutId);
            ps.executeUpdate();
        }
        String status = report.status().name();
        if (!latest || (latestDay == day && latestStatus.equals(status))) {
            return;
        }
        // The two counters in (day, status) order, as every transaction takes them.
        boolean oldFirst = latestDay < day || (latestDay == day && latestStatus.compareTo(status) < 0);
        if (oldFirst) {
            stageCount(c, report.productId(), rolloutId, latestDay, latestStatus, -1);
            stageCount(c, report.productId(), rolloutId, day, status, 1);
        } else {
            stageCount(c, report.productId(), rolloutId, day, status, 1);
            stageCount(c, report.productId(), rolloutId, latestDay, latestStatus, -1);
        }
    }

    private static void bindKey(PreparedStatement ps, int first, DeviceReport report, String rolloutId)
            throws SQLException {
        ps.setString(first, report.productId());
        ps.setString(first + 1, rolloutId);
        ps.setString(first + 2, report.deviceId());
    }

    private static void insertDevice(Connection c, DeviceReport report, String rolloutId, long day, long seq)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO voyager_stats_rollout_device (product_id,"
                + " rollout_id, device_id, first_day, last_day, latest_seq, latest_day, latest_status)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            bindKey(ps, 1, report, rolloutId);
            ps.setLong(4, day);
            ps.setLong(5, day);
            ps.setLong(6, seq);
            ps.setLong(7, day);
            ps.setString(8, report.status().name());
            ps.executeUpdate();
        }
    }

    private void stageCount(Connection c, String productId, String rolloutId, long day, String status, long delta)
            throws SQLException {
        increment(c, "voyager_stats_stage_day", "devices", new String[] {"product_id", "rollout_id", "utc_day",
                "status"}, new Object[] {productId, rolloutId, day, status}, delta, null);
    }

    /**
     * Adds {@code delta} to a counter row (and {@code total} to its {@code total} column unless null), inserting the
     * row first if there is none: {@code ON CONFLICT DO UPDATE} on PostgreSQL; on H2 an insert whose unique
     * violation (after H2 waited for the competing insert to commit) turns into an update.
     */
    private void increment(Connection c, String table, String counter, String[] keys, Object[] values, long delta,
                           Double total) throws SQLException {
        String columns = String.join(", ", keys) + ", " + counter + (total == null ? "" : ", total");
        String marks = "?, ".repeat(keys.length) + "?" + (total == null ? "" : ", ?");
        String insert = "INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ")";
        String set = counter + " = " + table + "." + counter + " + ?" + (total == null ? ""
                : ", total = " + table + ".total + ?");
        if (dialect == Dialect.POSTGRESQL) {
            String excluded = counter + " = " + table + "." + counter + " + EXCLUDED." + counter
                    + (total == null ? "" : ", total = " + table + ".total + EXCLUDED.total");
            try (PreparedStatement ps = c.prepareStatement(insert + " ON CONFLICT (" + String.join(", ", keys)
                    + ") DO UPDATE SET " + excluded)) {
                bindCounter(ps, values, delta, total);
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            bindCounter(ps, values, delta, total);
            ps.executeUpdate();
            return;
        } catch (SQLException e) {
            if (!SqlErrors.isUniqueViolation(e)) {
                throw e;
            }
        }
        StringBuilder where = new StringBuilder();
        for (String key : keys) {
            where.append(where.length() == 0 ? " WHERE " : " AND ").append(key).append(" = ?");
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET " + set + where)) {
            int i = 1;
            ps.setLong(i++, delta);
            if (total != null) {
                ps.setDouble(i++, total);
            }
            for (Object v : values) {
                ps.setObject(i++, v);
            }
            ps.executeUpdate();
        }
    }

    private static void bindCounter(PreparedStatement ps, Object[] values, long delta, Double total)
            throws SQLException {
        int i = 1;
        for (Object v : values) {
            ps.setObject(i++, v);
        }
        ps.setLong(i++, delta);
        if (total != null) {
            ps.setDouble(i, total);
        }
    }
}
