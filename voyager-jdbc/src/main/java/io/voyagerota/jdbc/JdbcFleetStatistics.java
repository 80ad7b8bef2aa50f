package io.voyagerota.jdbc;

import io.voyagerota.device.ReportStatus;
import io.voyagerota.spi.FleetStatistics;
import io.voyagerota.stats.DailyUpdates;
import io.voyagerota.stats.DownloadStats;
import io.voyagerota.stats.RolloutStages;
import io.voyagerota.stats.StatsRange;
import io.voyagerota.stats.VersionCount;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The {@link FleetStatistics} on JDBC, read from the rollups of schema version 6 that {@link StatsRollup} keeps in
 * each report's transaction rather than from the report history: outcomes and failures per UTC day
 * ({@code voyager_stats_outcome_day}), downloads per day and bucket ({@code voyager_stats_download_day}) and the
 * devices of each rollout by the day and status of their latest report ({@code voyager_stats_stage_day}). So a query
 * reads a few rows per day of its range, whatever the fleet's size. Where a rollup cannot give the exact figure the
 * report history fills in, through an index: the 95th percentiles are read from the reports of the one bucket that
 * holds them, and a device whose latest report for a rollout lies outside the range, but some other one inside it,
 * is looked up in its own history ({@code voyager_stats_rollout_device} finds those devices). The statements are the
 * same text on PostgreSQL and H2; the version distribution reads {@code voyager_device_by_product_version}.
 */
final class JdbcFleetStatistics implements FleetStatistics {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcFleetStatistics.class);
    private static final String DAYS = " WHERE product_id = ? AND utc_day >= ? AND utc_day <= ?";
    private static final String VERSIONS = "SELECT current_version, COUNT(*) FROM voyager_device"
            + " WHERE product_id = ? GROUP BY current_version";
    private static final String PER_DAY = "SELECT utc_day, status, SUM(reports) FROM voyager_stats_outcome_day"
            + DAYS + " GROUP BY utc_day, status";
    private static final String FAILURES = "SELECT reason, SUM(reports) FROM voyager_stats_outcome_day" + DAYS
            + " AND status IN ('FAILED', 'ROLLED_BACK') GROUP BY reason";
    private static final String BUCKETS = "SELECT metric, bucket, SUM(samples), SUM(total)"
            + " FROM voyager_stats_download_day" + DAYS + " GROUP BY metric, bucket";
    private static final String DOWNLOADED = " download_millis > 0 AND bytes_downloaded IS NOT NULL";
    private static final String SPEED = "bytes_downloaded * 1000 / download_millis";
    /** The figures straight from the reports: the rollup's fallback. */
    private static final String SCAN_DOWNLOADS = "SELECT COUNT(*), AVG(CAST(download_millis AS DOUBLE PRECISION)),"
            + " PERCENTILE_DISC(0.95) WITHIN GROUP (ORDER BY download_millis),"
            + " AVG(CAST(bytes_downloaded AS DOUBLE PRECISION) * 1000 / download_millis),"
            + " PERCENTILE_DISC(0.95) WITHIN GROUP (ORDER BY " + SPEED + ") FROM voyager_report"
            + " WHERE product_id = ? AND reported_at >= ? AND reported_at < ? AND" + DOWNLOADED;
    /** The n-th smallest value of a metric in one bucket, among the range's reports (indexed by value, then time). */
    private static final String NTH = "SELECT %1$s FROM voyager_report WHERE product_id = ? AND" + DOWNLOADED
            + " AND %1$s >= ? AND %1$s < ? AND reported_at >= ? AND reported_at < ? ORDER BY %1$s LIMIT 1 OFFSET ?";
    /**
     * The stage rollup, then the devices whose latest report for a rollout lies outside the range but which may have
     * another inside it, each looked up in its own history (a subquery per device, through
     * {@code voyager_report_history}). Both parts in one statement, so they read one snapshot: no device moves from
     * one part to the other unseen.
     */
    private static final String STAGES = "SELECT rollout_id, status, SUM(devices) FROM voyager_stats_stage_day" + DAYS
            + " GROUP BY rollout_id, status UNION ALL SELECT rollout_id, status, COUNT(*) FROM (SELECT p.rollout_id,"
            + " (SELECT r.status FROM voyager_report r WHERE r.device_id = p.device_id AND r.rollout_id = p.rollout_id"
            + " AND r.product_id = p.product_id AND r.reported_at >= ? AND r.reported_at < ? ORDER BY r.seq DESC"
            + " LIMIT 1) AS status FROM voyager_stats_rollout_device p WHERE p.product_id = ?"
            + " AND ((p.latest_day > ? AND p.first_day <= ?)"
            + " OR (p.last_day > p.latest_day AND p.latest_day < ? AND p.last_day >= ?))) outside"
            + " WHERE status IS NOT NULL GROUP BY rollout_id, status";

    private final Transactions tx;
    private final Dialect dialect;

    JdbcFleetStatistics(Transactions tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
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
        Objects.requireNonNull(productId, "productId must not be null");
        Objects.requireNonNull(range, "range must not be null");
        // The buckets and the percentile reads in one snapshot, so the ranks found in one hold in the other.
        return tx.inTransaction("summarising downloads", c -> {
            if (dialect == Dialect.POSTGRESQL) {
                try (Statement s = c.createStatement()) {
                    s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                }
            }
            Map<String, TreeMap<Long, double[]>> metrics = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(BUCKETS)) {
                bindDays(ps, 1, productId, range);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        metrics.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getLong(2),
                                new double[] {rs.getLong(3), rs.getDouble(4)});
                    }
                }
            }
            TreeMap<Long, double[]> millis = metrics.getOrDefault("T", new TreeMap<>());
            TreeMap<Long, double[]> speeds = metrics.getOrDefault("S", new TreeMap<>());
            long samples = (long) millis.values().stream().mapToDouble(b -> b[0]).sum();
            if (samples == 0) {
                return DownloadStats.none();
            }
            long rank = Math.max((long) Math.ceil(0.95 * samples), 1);
            OptionalLong p95Millis = nth(c, "download_millis", millis, rank, productId, range);
            OptionalLong p95Speed = nth(c, SPEED, speeds, rank, productId, range);
            if (p95Millis.isEmpty() || p95Speed.isEmpty()) {
                // Only when the rollup and the reports disagree (H2 reads no snapshot; or rows written around it).
                LOG.warn("the download rollup of {} disagrees with its reports; read the reports instead", productId);
                return scanDownloads(c, productId, range);
            }
            return new DownloadStats(samples, total(millis) / samples, p95Millis.getAsLong(),
                    total(speeds) / samples, p95Speed.getAsLong());
        });
    }

    private static DownloadStats scanDownloads(Connection c, String productId, StatsRange range)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SCAN_DOWNLOADS)) {
            ps.setString(1, productId);
            Columns.setInstant(ps, 2, range.start());
            Columns.setInstant(ps, 3, range.end());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long samples = rs.getLong(1);
                return samples == 0 ? DownloadStats.none() : new DownloadStats(samples, rs.getDouble(2),
                        rs.getLong(3), rs.getDouble(4), rs.getLong(5));
            }
        }
    }

    private static double total(TreeMap<Long, double[]> buckets) {
        return buckets.values().stream().mapToDouble(b -> b[1]).sum();
    }

    /** The {@code rank}-th smallest value (from 1): its bucket from the counts, then the value from the reports. */
    private static OptionalLong nth(Connection c, String value, TreeMap<Long, double[]> buckets, long rank,
                                    String productId, StatsRange range) throws SQLException {
        long below = 0;
        for (Map.Entry<Long, double[]> b : buckets.entrySet()) {
            long n = (long) b.getValue()[0];
            if (below + n < rank) {
                below += n;
                continue;
            }
            try (PreparedStatement ps = c.prepareStatement(NTH.formatted(value))) {
                ps.setString(1, productId);
                ps.setLong(2, b.getKey());
                ps.setLong(3, b.getKey() + StatsRollup.bucketWidth(b.getKey()));
                Columns.setInstant(ps, 4, range.start());
                Columns.setInstant(ps, 5, range.end());
                ps.setLong(6, rank - below - 1);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    @Override
    public Map<String, Long> failuresByCode(String productId, StatsRange range) {
        return query("counting failures by code", FAILURES, productId, range, rs -> {
            Map<String, Long> out = new TreeMap<>();
            while (rs.next()) {
                if (rs.getLong(2) > 0) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }

    @Override
    public List<RolloutStages> rolloutStages(String productId, StatsRange range) {
        Objects.requireNonNull(productId, "productId must not be null");
        Objects.requireNonNull(range, "range must not be null");
        return tx.autoCommit("counting rollout devices per step", c -> {
            Map<String, Map<ReportStatus, Long>> rollouts = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(STAGES)) {
                bindDays(ps, 1, productId, range);
                Columns.setInstant(ps, 4, range.start());
                Columns.setInstant(ps, 5, range.end());
                ps.setString(6, productId);
                long first = range.first().toEpochDay();
                long last = range.last().toEpochDay();
                ps.setLong(7, last);
                ps.setLong(8, last);
                ps.setLong(9, first);
                ps.setLong(10, first);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rollouts.computeIfAbsent(rs.getString(1), k -> new EnumMap<>(ReportStatus.class))
                                .merge(ReportStatus.valueOf(rs.getString(2)), rs.getLong(3), Long::sum);
                    }
                }
            }
            Map<String, RolloutStages> out = new LinkedHashMap<>();
            rollouts.forEach((id, counts) -> {
                counts.values().removeIf(n -> n == 0);
                if (!counts.isEmpty()) {
                    out.put(id, new RolloutStages(id, counts));
                }
            });
            return List.copyOf(out.values());
        });
    }

    /** Reads a result set into a value. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static void bindDays(PreparedStatement ps, int first, String productId, StatsRange range)
            throws SQLException {
        ps.setString(first, productId);
        ps.setLong(first + 1, range.first().toEpochDay());
        ps.setLong(first + 2, range.last().toEpochDay());
    }

    private <T> T query(String what, String sql, String productId, StatsRange range, Reader<T> reader) {
        Objects.requireNonNull(productId, "productId must not be null");
        Objects.requireNonNull(range, "range must not be null");
        return tx.autoCommit(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bindDays(ps, 1, productId, range);
                try (ResultSet rs = ps.executeQuery()) {
                    return reader.read(rs);
                }
            }
        });
    }
}
