package io.voyagerota.jdbc;

import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.DeviceSighting;
import io.voyagerota.device.DeviceState;
import io.voyagerota.device.RecordedReport;
import io.voyagerota.device.ReportAttribution;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.rollout.DeviceOutcome;
import io.voyagerota.rollout.RolloutBuckets;
import io.voyagerota.rollout.RolloutStats;
import io.voyagerota.spi.FleetRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@link FleetRegistry} on JDBC. A report is recorded in one transaction that starts by inserting it under its
 * primary key, (device id, report id): a duplicate (even one racing on another node) inserts nothing and the
 * transaction stops there, so nothing is counted twice. The device row is then locked and moved on with
 * {@link DeviceState#after}, and, for a counted outcome, the device's row in {@code voyager_rollout_outcome} is
 * inserted or replaced unless it holds a later outcome; the device row's lock orders a device's reports. A
 * rollout's figures are aggregates over those rows, one per device. Last, the report is added to the statistics
 * rollups ({@link StatsRollup}).
 *
 * <p>"Insert unless present" and "insert or increment" are {@code ON CONFLICT DO NOTHING} and
 * {@code ON CONFLICT DO UPDATE} on PostgreSQL. H2 has no such clause outside its PostgreSQL mode, so there the plain
 * insert's unique violation is caught (H2 waits for the competing transaction, then fails only the statement, not
 * the transaction) and the increment is a separate {@code UPDATE}.
 */
final class JdbcFleet implements FleetRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcFleet.class);
    /** Column sizes of {@code voyager_device}; longer sightings cannot be stored and are skipped. */
    private static final int MAX_ID = 128;

    /**
     * A sighting newer than what is known moves the device's model, version and last-seen; an older one (its report
     * arrived before the sighting was flushed) only gives a device known from its reports alone its model.
     */
    private static final String TOUCH_POSTGRESQL = "INSERT INTO voyager_device (device_id, product_id, model,"
            + " current_version, last_seen, updates_succeeded, updates_failed) VALUES (?, ?, ?, ?, ?, 0, 0)"
            + " ON CONFLICT (device_id) DO UPDATE SET"
            + " product_id = CASE WHEN voyager_device.last_seen <= EXCLUDED.last_seen THEN EXCLUDED.product_id"
            + " ELSE voyager_device.product_id END,"
            + " model = CASE WHEN voyager_device.last_seen <= EXCLUDED.last_seen THEN EXCLUDED.model"
            + " ELSE COALESCE(voyager_device.model, EXCLUDED.model) END,"
            + " current_version = CASE WHEN voyager_device.last_seen <= EXCLUDED.last_seen"
            + " THEN EXCLUDED.current_version ELSE voyager_device.current_version END,"
            + " last_seen = GREATEST(voyager_device.last_seen, EXCLUDED.last_seen)"
            + " WHERE voyager_device.last_seen <= EXCLUDED.last_seen OR voyager_device.model IS NULL";
    private static final String TOUCH_H2 = "MERGE INTO voyager_device d USING (VALUES (CAST(? AS VARCHAR(128)),"
            + " CAST(? AS VARCHAR(128)), CAST(? AS VARCHAR(128)), CAST(? AS VARCHAR(256)),"
            + " CAST(? AS TIMESTAMP WITH TIME ZONE))) s (device_id, product_id, model, current_version, last_seen)"
            + " ON d.device_id = s.device_id"
            + " WHEN MATCHED AND d.last_seen <= s.last_seen THEN UPDATE SET product_id = s.product_id,"
            + " model = s.model, current_version = s.current_version, last_seen = s.last_seen"
            + " WHEN MATCHED AND d.model IS NULL THEN UPDATE SET model = s.model"
            + " WHEN NOT MATCHED THEN INSERT (device_id, product_id, model, current_version, last_seen,"
            + " updates_succeeded, updates_failed) VALUES (s.device_id, s.product_id, s.model, s.current_version,"
            + " s.last_seen, 0, 0)";

    private final Transactions tx;
    private final Dialect dialect;
    private final StatsRollup rollup;

    JdbcFleet(Transactions tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
        this.rollup = new StatsRollup(dialect);
    }

    @Override
    public boolean record(DeviceReport report, ReportAttribution attribution) {
        Objects.requireNonNull(report, "report must not be null");
        Objects.requireNonNull(attribution, "attribution must not be null");
        return tx.inTransaction("recording a device report", c -> {
            if (!insertIfAbsent(c, FleetRows.INSERT_REPORT, "device_id, report_id",
                    ps -> FleetRows.bindReport(ps, report, attribution))) {
                return false;
            }
            DeviceState before = lockDevice(c, report.deviceId());
            boolean created = before == null && insertIfAbsent(c, FleetRows.INSERT_DEVICE, "device_id",
                    ps -> FleetRows.bindDeviceInsert(ps, DeviceState.first(report)));
            if (!created) {
                if (before == null) {
                    before = lockDevice(c, report.deviceId()); // created meanwhile by a sighting or another report
                }
                DeviceState after = before.after(report);
                update(c, FleetRows.UPDATE_DEVICE, ps -> FleetRows.bindDeviceUpdate(ps, after));
            }
            count(c, report, attribution);
            rollup.add(c, report, attribution.rolloutId(), seq(c, report));
            return true;
        });
    }

    /** Makes a counted outcome the device's outcome for the rollout, unless the device has a later one there. */
    private void count(Connection c, DeviceReport report, ReportAttribution attribution) throws SQLException {
        if (!attribution.counted() || !report.status().isOutcome()) {
            return;
        }
        Optional<String> reason = report.status() == ReportStatus.SUCCESS ? Optional.empty()
                : Optional.of(report.failureReason());
        Binder values = ps -> {
            ps.setInt(1, attribution.bucket());
            ps.setString(2, report.status().name());
            Columns.setString(ps, 3, reason);
            Columns.setInstant(ps, 4, report.reportedAt());
            ps.setString(5, attribution.rolloutId().get());
            ps.setString(6, report.deviceId());
        };
        if (dialect == Dialect.POSTGRESQL) {
            update(c, "INSERT INTO voyager_rollout_outcome (bucket, status, reason, reported_at, rollout_id,"
                    + " device_id) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (rollout_id, device_id) DO UPDATE SET"
                    + " bucket = EXCLUDED.bucket, status = EXCLUDED.status, reason = EXCLUDED.reason,"
                    + " reported_at = EXCLUDED.reported_at"
                    + " WHERE voyager_rollout_outcome.reported_at <= EXCLUDED.reported_at", values);
            return;
        }
        if (!insertIfAbsent(c, "INSERT INTO voyager_rollout_outcome (bucket, status, reason, reported_at,"
                + " rollout_id, device_id) VALUES (?, ?, ?, ?, ?, ?)", "rollout_id, device_id", values)) {
            update(c, "UPDATE voyager_rollout_outcome SET bucket = ?, status = ?, reason = ?, reported_at = ?"
                    + " WHERE rollout_id = ? AND device_id = ? AND reported_at <= ?", ps -> {
                        values.bind(ps);
                        Columns.setInstant(ps, 7, report.reportedAt());
                    });
        }
    }

    /** The recording order the database gave a report this transaction inserted. */
    private static long seq(Connection c, DeviceReport report) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM voyager_report WHERE device_id = ?"
                + " AND report_id = ?")) {
            ps.setString(1, report.deviceId());
            ps.setString(2, report.reportId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void update(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.executeUpdate();
        }
    }

    /** Binds a statement's parameters. */
    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Inserts a row unless one with the same key exists (or is being inserted); returns whether it inserted. */
    private boolean insertIfAbsent(Connection c, String insert, String key, Binder binder) throws SQLException {
        String sql = dialect == Dialect.POSTGRESQL ? insert + " ON CONFLICT (" + key + ") DO NOTHING" : insert;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            if (dialect == Dialect.H2 && SqlErrors.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    private static DeviceState lockDevice(Connection c, String deviceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FleetRows.SELECT_DEVICE + " WHERE device_id = ? FOR UPDATE")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? FleetRows.readDevice(rs) : null;
            }
        }
    }

    @Override
    public Optional<DeviceState> findDevice(String deviceId) {
        Objects.requireNonNull(deviceId, "deviceId must not be null");
        return tx.autoCommit("reading a device", c -> {
            try (PreparedStatement ps = c.prepareStatement(FleetRows.SELECT_DEVICE + " WHERE device_id = ?")) {
                ps.setString(1, deviceId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(FleetRows.readDevice(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<DeviceState> devices(String productId, String afterDeviceId, int limit) {
        return page("listing devices", FleetRows.SELECT_DEVICE, productId, afterDeviceId, limit,
                FleetRows::readDevice);
    }

    /** The ids alone, for walks that need nothing else (splitting a fan-out): no state is read or built. */
    @Override
    public List<String> deviceIds(String productId, String afterDeviceId, int limit) {
        return page("listing device ids", "SELECT device_id FROM voyager_device", productId, afterDeviceId, limit,
                rs -> rs.getString(1));
    }

    /** Reads one value of a row. */
    @FunctionalInterface
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> page(String operation, String select, String productId, String afterDeviceId, int limit,
                             Row<T> row) {
        Objects.requireNonNull(productId, "productId must not be null");
        Objects.requireNonNull(afterDeviceId, "afterDeviceId must not be null; use \"\" for the first page");
        if (limit <= 0) {
            return List.of();
        }
        return tx.autoCommit(operation, c -> {
            try (PreparedStatement ps = c.prepareStatement(select
                    + " WHERE product_id = ? AND device_id > ? ORDER BY device_id LIMIT ?")) {
                ps.setString(1, productId);
                ps.setString(2, afterDeviceId);
                ps.setInt(3, limit);
                List<T> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(row.read(rs));
                    }
                }
                return List.copyOf(out);
            }
        });
    }

    @Override
    public List<RecordedReport> recordedHistory(String deviceId, int limit) {
        Objects.requireNonNull(deviceId, "deviceId must not be null");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 or more, got " + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        return tx.autoCommit("reading a device's history", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + FleetRows.REPORT_COLUMNS
                    + " FROM voyager_report WHERE device_id = ? ORDER BY seq DESC LIMIT ?")) {
                ps.setString(1, deviceId);
                ps.setInt(2, limit);
                List<RecordedReport> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(FleetRows.readRecordedReport(rs));
                    }
                }
                return List.copyOf(out);
            }
        });
    }

    @Override
    public RolloutStats stats(String rolloutId) {
        return stats(rolloutId, 0, RolloutBuckets.BUCKETS);
    }

    @Override
    public RolloutStats stats(String rolloutId, int fromBucket, int toBucket) {
        Objects.requireNonNull(rolloutId, "rolloutId must not be null");
        // One statement, so the totals and the reasons come from the same snapshot.
        return tx.autoCommit("reading rollout figures", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT status, reason, COUNT(*) FROM"
                    + " voyager_rollout_outcome WHERE rollout_id = ? AND bucket >= ? AND bucket < ?"
                    + " GROUP BY status, reason")) {
                ps.setString(1, rolloutId);
                ps.setInt(2, fromBucket);
                ps.setInt(3, toBucket);
                long successes = 0;
                long failures = 0;
                Map<String, Long> reasons = new HashMap<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long n = rs.getLong(3);
                        if (ReportStatus.valueOf(rs.getString(1)) == ReportStatus.SUCCESS) {
                            successes += n;
                        } else {
                            failures += n;
                            reasons.merge(rs.getString(2), n, Long::sum);
                        }
                    }
                }
                return new RolloutStats(successes, failures, reasons);
            }
        });
    }

    @Override
    public List<DeviceOutcome> latestOutcomes(String rolloutId, int limit) {
        Objects.requireNonNull(rolloutId, "rolloutId must not be null");
        if (limit <= 0) {
            return List.of();
        }
        return tx.autoCommit("reading a rollout's latest outcomes", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT device_id, bucket, status, reason, reported_at"
                    + " FROM voyager_rollout_outcome WHERE rollout_id = ?"
                    + " ORDER BY reported_at DESC, device_id LIMIT ?")) {
                ps.setString(1, rolloutId);
                ps.setInt(2, limit);
                List<DeviceOutcome> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(FleetRows.readOutcome(rs));
                    }
                }
                return List.copyOf(out);
            }
        });
    }

    @Override
    public long failuresSince(String rolloutId, Instant since) {
        Objects.requireNonNull(rolloutId, "rolloutId must not be null");
        Objects.requireNonNull(since, "since must not be null");
        return tx.autoCommit("counting rollout failures", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM voyager_rollout_outcome"
                    + " WHERE rollout_id = ? AND status <> 'SUCCESS' AND reported_at >= ?")) {
                ps.setString(1, rolloutId);
                Columns.setInstant(ps, 2, since);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public void touch(Collection<DeviceSighting> sightings) {
        Objects.requireNonNull(sightings, "sightings must not be null");
        // One row per device, the latest sighting winning, in id order so concurrent batches lock in one order.
        Map<String, DeviceSighting> latest = new TreeMap<>();
        int skipped = 0;
        for (DeviceSighting s : sightings) {
            Objects.requireNonNull(s, "sightings must not contain null");
            if (s.deviceId().length() > MAX_ID || s.productId().length() > MAX_ID || s.model().length() > MAX_ID) {
                skipped++;
                continue;
            }
            DeviceSighting seen = latest.get(s.deviceId());
            if (seen == null || !s.at().isBefore(seen.at())) {
                latest.put(s.deviceId(), s);
            }
        }
        if (skipped > 0) {
            LOG.warn("skipped {} device sightings whose device id, product id or model is longer than {} characters;"
                    + " reject such ids where devices connect", skipped, MAX_ID);
        }
        if (latest.isEmpty()) {
            return;
        }
        tx.inTransaction("recording device sightings", c -> {
            try (PreparedStatement ps = c.prepareStatement(dialect == Dialect.POSTGRESQL ? TOUCH_POSTGRESQL
                    : TOUCH_H2)) {
                for (DeviceSighting s : latest.values()) {
                    ps.setString(1, s.deviceId());
                    ps.setString(2, s.productId());
                    ps.setString(3, s.model());
                    ps.setString(4, s.version().toString());
                    Columns.setInstant(ps, 5, s.at());
                    ps.addBatch();
                }
                ps.executeBatch();
            } catch (SQLException e) {
                if (dialect == Dialect.H2 && SqlErrors.isUniqueViolation(e)) {
                    throw new Transactions.Retry(e); // another batch created one of these devices first
                }
                throw e;
            }
            return null;
        });
    }
}
