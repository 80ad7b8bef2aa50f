package io.voyagerota.jdbc;

import io.voyagerota.device.ReportStatus;
import io.voyagerota.spi.FleetStatistics;
import io.voyagerota.stats.DailyUpdates;
import io.voyagerota.stats.DownloadStats;
import io.voyagerota.stats.RolloutStages;
import io.voyagerota.stats.StatsRange;
import io.voyagerota.stats.VersionCount;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The {@link FleetStatistics} on JDBC: each figure is one aggregate statement (GROUP BY, PERCENTILE_DISC, a
 * ROW_NUMBER window), the same text on PostgreSQL and H2, so only the grouped rows leave the database. The range
 * filter {@code product_id = ? AND reported_at >= ? AND reported_at < ?} is answered by the index
 * {@code voyager_report_by_product_time}, the version distribution by {@code voyager_device_by_product_version}
 * (schema version 3).
 */
final class JdbcFleetStatistics implements FleetStatistics {
    private static final String IN_RANGE = " FROM voyager_report WHERE product_id = ? AND reported_at >= ?"
            + " AND reported_at < ?";
    /** Days since 1970-01-01 in UTC: EXTRACT(EPOCH ...) counts seconds of the instant, whatever the time zone. */
    private static final String DAY = "CAST(FLOOR(EXTRACT(EPOCH FROM reported_at) / 86400) AS BIGINT)";
    private static final String VERSIONS = "SELECT current_version, COUNT(*) FROM voyager_device"
            + " WHERE product_id = ? GROUP BY current_version";
    private static final String PER_DAY = "SELECT " + DAY + " AS day_number, status, COUNT(*)" + IN_RANGE
            + " AND status IN ('SUCCESS', 'FAILED', 'ROLLED_BACK') GROUP BY " + DAY + ", status";
    private static final String SPEED = "bytes_downloaded * 1000 / download_millis";
    private static final String DOWNLOADS = "SELECT COUNT(*), AVG(CAST(download_millis AS DOUBLE PRECISION)),"
            + " PERCENTILE_DISC(0.95) WITHIN GROUP (ORDER BY download_millis),"
            + " AVG(CAST(bytes_downloaded AS DOUBLE PRECISION) * 1000 / download_millis),"
            + " PERCENTILE_DISC(0.95) WITHIN GROUP (ORDER BY " + SPEED + ")" + IN_RANGE
            + " AND download_millis > 0 AND bytes_downloaded IS NOT NULL";
    private static final String FAILURES = "SELECT COALESCE(error_code, CASE status WHEN 'ROLLED_BACK'"
            + " THEN 'rolled-back' ELSE 'unspecified' END) AS reason, COUNT(*)" + IN_RANGE
            + " AND status IN ('FAILED', 'ROLLED_BACK') GROUP BY COALESCE(error_code, CASE status"
            + " WHEN 'ROLLED_BACK' THEN 'rolled-back' ELSE 'unspecified' END)";
    private static final String STAGES = "SELECT rollout_id, status, COUNT(*) FROM (SELECT rollout_id, status,"
            + " ROW_NUMBER() OVER (PARTITION BY rollout_id, device_id ORDER BY seq DESC) AS newest" + IN_RANGE
            + " AND rollout_id IS NOT NULL) latest WHERE newest = 1 GROUP BY rollout_id, status";

    private final Transactions tx;

    JdbcFleetStatistics(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public List<VersionCount> versions(String productId) {
        Objects.requireNonNull(productId, "productId must not be null");
        return tx.autoCommit("counting devices per version", c -> {
            try (PreparedStatement ps = c.prepareStatement(VERSIONS)) {
                ps.setString(1, productId);
                List<VersionCount> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new VersionCount(rs.getString(1), rs.getLong(2)));
                    }
                }
                out.sort(Comparator.comparingLong(VersionCount::devices).reversed()
                        .thenComparing(VersionCount::version));
                return List.copyOf(out);
            }
        });
    }

    @Override
    public List<DailyUpdates> updatesPerDay(String productId, StatsRange range) {
        return query("counting outcomes per day", PER_DAY, productId, range, rs -> {
            Map<Long, long[]> days = new TreeMap<>();
            while (rs.next()) {
                int column = switch (ReportStatus.valueOf(rs.getString(2))) {
                    case SUCCESS -> 0;
                    case FAILED -> 1;
                    default -> 2;
                };
                days.computeIfAbsent(rs.getLong(1), k -> new long[3])[column] += rs.getLong(3);
            }
            return days.entrySet().stream().map(e -> new DailyUpdates(LocalDate.ofEpochDay(e.getKey()),
                    e.getValue()[0], e.getValue()[1], e.getValue()[2])).toList();
        });
    }

    @Override
    public DownloadStats downloads(String productId, StatsRange range) {
        return query("summarising downloads", DOWNLOADS, productId, range, rs -> {
            rs.next();
            long samples = rs.getLong(1);
            return samples == 0 ? DownloadStats.none() : new DownloadStats(samples, rs.getDouble(2), rs.getLong(3),
                    rs.getDouble(4), rs.getLong(5));
        });
    }

    @Override
    public Map<String, Long> failuresByCode(String productId, StatsRange range) {
        return query("counting failures by code", FAILURES, productId, range, rs -> {
            Map<String, Long> out = new TreeMap<>();
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
            return out;
        });
    }

    @Override
    public List<RolloutStages> rolloutStages(String productId, StatsRange range) {
        return query("counting rollout devices per step", STAGES, productId, range, rs -> {
            Map<String, Map<ReportStatus, Long>> rollouts = new TreeMap<>();
            while (rs.next()) {
                rollouts.computeIfAbsent(rs.getString(1), k -> new EnumMap<>(ReportStatus.class))
                        .put(ReportStatus.valueOf(rs.getString(2)), rs.getLong(3));
            }
            Map<String, RolloutStages> out = new LinkedHashMap<>();
            rollouts.forEach((id, counts) -> out.put(id, new RolloutStages(id, counts)));
            return List.copyOf(out.values());
        });
    }

    /** Reads a result set into a value. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T query(String what, String sql, String productId, StatsRange range, Reader<T> reader) {
        Objects.requireNonNull(productId, "productId must not be null");
        Objects.requireNonNull(range, "range must not be null");
        return tx.autoCommit(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, productId);
                Columns.setInstant(ps, 2, range.start());
                Columns.setInstant(ps, 3, range.end());
                try (ResultSet rs = ps.executeQuery()) {
                    return reader.read(rs);
                }
            }
        });
    }
}
