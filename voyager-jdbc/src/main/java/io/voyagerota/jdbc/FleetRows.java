package io.voyagerota.jdbc;

import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.DeviceState;
import io.voyagerota.device.RecordedReport;
import io.voyagerota.device.ReportAttribution;
import io.voyagerota.device.ReportMetrics;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.rollout.DeviceOutcome;
import io.voyagerota.version.Version;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Maps devices and reports to rows of {@code voyager_device} and {@code voyager_report} and back. */
final class FleetRows {
    static final String DEVICE_COLUMNS = "device_id, product_id, model, current_version, last_status, last_error,"
            + " last_seen, updates_succeeded, updates_failed";
    static final String SELECT_DEVICE = "SELECT " + DEVICE_COLUMNS + " FROM voyager_device";
    static final String INSERT_DEVICE = "INSERT INTO voyager_device (" + DEVICE_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Binds everything but the id, then the id. */
    static final String UPDATE_DEVICE = "UPDATE voyager_device SET product_id = ?, model = ?, current_version = ?,"
            + " last_status = ?, last_error = ?, last_seen = ?, updates_succeeded = ?, updates_failed = ?"
            + " WHERE device_id = ?";

    static final String REPORT_COLUMNS = "report_id, device_id, product_id, rollout_id, from_version, to_version,"
            + " running_version, status, error_code, error_message, download_millis, bytes_downloaded,"
            + " install_millis, battery_percent, rssi, reported_at, not_counted_reason";
    static final String INSERT_REPORT = "INSERT INTO voyager_report (" + REPORT_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private FleetRows() {
    }

    static void bindDeviceInsert(PreparedStatement ps, DeviceState d) throws SQLException {
        ps.setString(1, d.deviceId());
        bindDeviceValues(ps, 2, d);
    }

    static void bindDeviceUpdate(PreparedStatement ps, DeviceState d) throws SQLException {
        bindDeviceValues(ps, 1, d);
        ps.setString(9, d.deviceId());
    }

    private static void bindDeviceValues(PreparedStatement ps, int first, DeviceState d) throws SQLException {
        int i = first;
        ps.setString(i++, d.productId());
        Columns.setString(ps, i++, d.model());
        ps.setString(i++, d.currentVersion().toString());
        Columns.setString(ps, i++, d.lastStatus().map(ReportStatus::name));
        Columns.setString(ps, i++, d.lastError());
        Columns.setInstant(ps, i++, d.lastSeen());
        ps.setLong(i++, d.updatesSucceeded());
        ps.setLong(i, d.updatesFailed());
    }

    static DeviceState readDevice(ResultSet rs) throws SQLException {
        return new DeviceState(rs.getString("device_id"), rs.getString("product_id"),
                Columns.getOptionalString(rs, "model"), Version.parse(rs.getString("current_version")),
                Columns.getOptionalString(rs, "last_status").map(ReportStatus::valueOf),
                Columns.getOptionalString(rs, "last_error"), Columns.getInstant(rs, "last_seen"),
                rs.getLong("updates_succeeded"), rs.getLong("updates_failed"));
    }

    static void bindReport(PreparedStatement ps, DeviceReport r, ReportAttribution a) throws SQLException {
        ps.setString(1, r.reportId());
        ps.setString(2, r.deviceId());
        ps.setString(3, r.productId());
        Columns.setString(ps, 4, a.rolloutId());
        ps.setString(5, r.fromVersion().toString());
        ps.setString(6, r.toVersion().toString());
        ps.setString(7, r.runningVersion().toString());
        ps.setString(8, r.status().name());
        Columns.setString(ps, 9, r.errorCode());
        Columns.setString(ps, 10, r.errorMessage());
        ReportMetrics m = r.metrics();
        Columns.setLong(ps, 11, m.downloadMillis());
        Columns.setLong(ps, 12, m.bytesDownloaded());
        Columns.setLong(ps, 13, m.installMillis());
        Columns.setInt(ps, 14, m.batteryPercent());
        Columns.setInt(ps, 15, m.rssi());
        Columns.setInstant(ps, 16, r.reportedAt());
        Columns.setString(ps, 17, a.notCountedReason());
    }

    static RecordedReport readRecordedReport(ResultSet rs) throws SQLException {
        return new RecordedReport(readReport(rs), Columns.getOptionalString(rs, "rollout_id"),
                Columns.getOptionalString(rs, "not_counted_reason"));
    }

    static DeviceOutcome readOutcome(ResultSet rs) throws SQLException {
        return new DeviceOutcome(rs.getString("device_id"), ReportStatus.valueOf(rs.getString("status")),
                Columns.getOptionalString(rs, "reason"), rs.getInt("bucket"), Columns.getInstant(rs, "reported_at"));
    }

    static DeviceReport readReport(ResultSet rs) throws SQLException {
        ReportMetrics metrics = new ReportMetrics(Columns.getOptionalLong(rs, "download_millis"),
                Columns.getOptionalLong(rs, "bytes_downloaded"), Columns.getOptionalLong(rs, "install_millis"),
                Columns.getOptionalInt(rs, "battery_percent"), Columns.getOptionalInt(rs, "rssi"));
        return new DeviceReport(rs.getString("report_id"), rs.getString("device_id"), rs.getString("product_id"),
                Version.parse(rs.getString("from_version")), Version.parse(rs.getString("to_version")),
                Version.parse(rs.getString("running_version")), ReportStatus.valueOf(rs.getString("status")),
                Columns.getOptionalString(rs, "error_code"), Columns.getOptionalString(rs, "error_message"), metrics,
                Columns.getInstant(rs, "reported_at"));
    }
}
