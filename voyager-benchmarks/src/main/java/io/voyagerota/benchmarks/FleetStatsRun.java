package io.voyagerota.benchmarks;

import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.Product;
import io.voyagerota.device.DeviceState;
import io.voyagerota.jdbc.JdbcRegistry;
import io.voyagerota.rollout.RolloutBuckets;
import io.voyagerota.spi.FleetStatistics;
import io.voyagerota.stats.StatsRange;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.File;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The fleet statistics on PostgreSQL with a generated fleet: 1,000,000 devices of one product and 10,000,000
 * reports over a year, generated inside the database ({@code INSERT ... SELECT} over {@code generate_series},
 * deterministic from the seed), then each {@link FleetStatistics} call timed. Not a JMH benchmark and not part of
 * the build: run it by hand (see the README). Options as system properties: {@code devices}, {@code reports},
 * {@code seed}, {@code runs} (timed runs per call, after one warm-up).
 */
public final class FleetStatsRun {
    private static final String PRODUCT = "locker";
    /** The last day of the generated history; the reports cover the 365 days up to it. */
    private static final LocalDate LAST_DAY = LocalDate.of(2030, 6, 30);

    private FleetStatsRun() {
    }

    public static void main(String[] args) throws Exception {
        long devices = Long.getLong("devices", 1_000_000);
        long reports = Long.getLong("reports", 10_000_000);
        long seed = Long.getLong("seed", 13);
        int runs = Integer.getInteger("runs", 5);
        String dataDir = System.getProperty("dataDir");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (dataDir != null) {
            builder.setDataDirectory(new File(dataDir)).setCleanDataDirectory(false);
        }
        try (EmbeddedPostgres pg = builder
                .setServerConfig("shared_buffers", "2GB")
                .setServerConfig("work_mem", "64MB")
                .setServerConfig("maintenance_work_mem", "1GB")
                .setServerConfig("max_wal_size", "8GB")
                .setServerConfig("synchronous_commit", "off")
                .start()) {
            PGSimpleDataSource source = new PGSimpleDataSource();
            source.setServerNames(new String[] {"localhost"});
            source.setPortNumbers(new int[] {pg.getPort()});
            source.setDatabaseName("postgres");
            source.setUser("postgres");
            JdbcRegistry registry = JdbcRegistry.builder(source).migrateOnStart(true).build();
            try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
                if (registry.catalog().findProduct(PRODUCT).isEmpty()) {
                    registry.catalog().insertProduct(Product.of(PRODUCT, "Smart locker",
                            new HardwareModel("board-0", Chip.ESP32_S3), new HardwareModel("board-1", Chip.ESP32_S3)));
                    generate(s, devices, reports, seed);
                    backfill(s, registry);
                } else {
                    System.out.printf("reusing the fleet in %s%n", dataDir);
                }
            }
            FleetStatistics stats = registry.statistics();
            List<StatsRange> ranges = List.of(StatsRange.endingOn(LAST_DAY, 30), StatsRange.endingOn(LAST_DAY, 7),
                    StatsRange.endingOn(LAST_DAY, StatsRange.MAX_DAYS));
            System.out.printf("versions: %s%n", stats.versions(PRODUCT));
            time("versions", runs, () -> stats.versions(PRODUCT));
            for (StatsRange r : ranges) {
                String label = " (" + r.days() + " days)";
                time("updatesPerDay" + label, runs, () -> stats.updatesPerDay(PRODUCT, r));
                time("downloads" + label, runs, () -> stats.downloads(PRODUCT, r));
                time("failuresByCode" + label, runs, () -> stats.failuresByCode(PRODUCT, r));
                time("rolloutStages" + label, runs, () -> stats.rolloutStages(PRODUCT, r));
            }
            // What one poll of the console's rollouts page costs per rollout: Rollouts.progress pages through every
            // known device of the product to count those the target covers (here 10%) and those updated.
            time("rollout progress scan", runs, () -> progressScan(registry));
            StatsRange month = ranges.get(0);
            System.out.printf("30 days: %s%n  %s%n  %s%n", stats.downloads(PRODUCT, month),
                    stats.failuresByCode(PRODUCT, month), stats.rolloutStages(PRODUCT, month));
        }
    }

    /** Fills the device and report tables; the report indexes are built after the load, as a bulk load does. */
    private static void generate(Statement s, long devices, long reports, long seed) throws SQLException {
        long started = System.nanoTime();
        // h(i, k): a deterministic pseudo-random non-negative number for row i and stream k.
        String h = "abs(hashint8((%s)::bigint * 1000003 + " + seed + " * 7919 + %d)::bigint)";
        s.execute("INSERT INTO voyager_device (device_id, product_id, model, current_version, last_status,"
                + " last_error, last_seen, updates_succeeded, updates_failed) SELECT 'dev-' || lpad(i::text, 7, '0'),"
                + " '" + PRODUCT + "', 'board-' || (" + h.formatted("i", 1) + " % 2),"
                + " (ARRAY['1.0.0','1.1.0','1.2.0','1.3.0','1.3.1','2.0.0-rc.1','2.0.0','2.1.0'])[(1 + "
                + h.formatted("i", 2) + " % 8)::int], 'SUCCESS', NULL, TIMESTAMPTZ '" + LAST_DAY + "T00:00:00Z' - ("
                + h.formatted("i", 3) + " % 864000) * INTERVAL '1 second', " + h.formatted("i", 4) + " % 10, "
                + h.formatted("i", 5) + " % 2 FROM generate_series(0::bigint, " + (devices - 1) + "::bigint) i");
        System.out.printf("devices: %,d in %.1f s%n", devices, (System.nanoTime() - started) / 1e9);
        s.execute("ALTER TABLE voyager_report DROP CONSTRAINT voyager_report_per_device");
        List<String> indexes = List.of("voyager_report_history", "voyager_report_rollout_failures",
                "voyager_report_by_product_time", "voyager_report_download_time", "voyager_report_download_speed");
        for (String index : indexes) {
            s.execute("DROP INDEX " + index);
        }
        long yearSeconds = 365L * 86_400;
        long chunk = 1_000_000;
        for (long from = 0; from < reports; from += chunk) {
            long to = Math.min(reports, from + chunk) - 1;
            String status = "(CASE WHEN " + h.formatted("i", 11) + " % 100 < 22 THEN 'DOWNLOADING' WHEN "
                    + h.formatted("i", 11) + " % 100 < 44 THEN 'INSTALLING' WHEN " + h.formatted("i", 11)
                    + " % 100 < 64 THEN 'REBOOTING' WHEN " + h.formatted("i", 11) + " % 100 < 90 THEN 'SUCCESS'"
                    + " WHEN " + h.formatted("i", 11) + " % 100 < 97 THEN 'FAILED' ELSE 'ROLLED_BACK' END)";
            // In time order, as reports arrive: row i at i/reports of the year, plus up to a minute of jitter.
            s.execute("INSERT INTO voyager_report (report_id, device_id, product_id, rollout_id, from_version,"
                    + " to_version, running_version, status, error_code, error_message, download_millis,"
                    + " bytes_downloaded, install_millis, battery_percent, rssi, reported_at)"
                    + " SELECT 'r-' || i, 'dev-' || lpad((" + h.formatted("i", 10) + " % " + devices + ")::text, 7,"
                    + " '0'), '" + PRODUCT + "', CASE WHEN " + h.formatted("i", 12) + " % 10 = 0 THEN NULL"
                    + " ELSE 'rollout-' || (i * 12 / " + reports + ") END, '1.3.1', '2.0.0', '2.0.0', st,"
                    + " CASE WHEN st IN ('FAILED', 'ROLLED_BACK') AND " + h.formatted("i", 13) + " % 5 > 0 THEN"
                    + " (ARRAY['sha256-mismatch','download-too-slow','flash-write','boot-loop'])[(1 + "
                    + h.formatted("i", 14) + " % 4)::int] END, NULL,"
                    + " CASE WHEN st IN ('SUCCESS', 'FAILED', 'ROLLED_BACK') THEN 5000 + "
                    + h.formatted("i", 15) + " % 600000 END,"
                    + " CASE WHEN st IN ('SUCCESS', 'FAILED', 'ROLLED_BACK') THEN 1000000 + "
                    + h.formatted("i", 16) + " % 3000000 END, NULL, NULL, NULL,"
                    + " TIMESTAMPTZ '" + LAST_DAY.plusDays(1) + "T00:00:00Z' - INTERVAL '" + yearSeconds + " seconds'"
                    + " + (i * " + yearSeconds + " / " + reports + " + " + h.formatted("i", 17) + " % 60)"
                    + " * INTERVAL '1 second' FROM (SELECT i, " + status + " AS st FROM generate_series(" + from
                    + "::bigint, " + to + "::bigint) i) g");
            System.out.printf("reports: %,d in %.1f s%n", to + 1, (System.nanoTime() - started) / 1e9);
        }
        s.execute("ALTER TABLE voyager_report ADD CONSTRAINT voyager_report_per_device PRIMARY KEY (device_id, report_id)");
        s.execute("CREATE INDEX voyager_report_history ON voyager_report (device_id, seq)");
        s.execute("CREATE INDEX voyager_report_rollout_failures ON voyager_report (rollout_id, reported_at)"
                + " WHERE status IN ('FAILED', 'ROLLED_BACK')");
        s.execute("CREATE INDEX voyager_report_by_product_time ON voyager_report (product_id, reported_at)");
        System.out.printf("indexes built: %.1f s%n", (System.nanoTime() - started) / 1e9);
        s.execute("VACUUM ANALYZE voyager_device");
        s.execute("VACUUM ANALYZE voyager_report");
        System.out.printf("generated and analysed in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    /**
     * The generated reports bypassed the statistics rollups that recording a report keeps, so schema version 6 is
     * applied again, as on an upgrade of a database that already holds this history: it backfills the rollups from
     * the reports and builds its report indexes.
     */
    private static void backfill(Statement s, JdbcRegistry registry) throws SQLException {
        long started = System.nanoTime();
        s.execute("DELETE FROM voyager_schema_version WHERE version = 6");
        registry.migrate();
        s.execute("VACUUM ANALYZE");
        System.out.printf("schema version 6 (statistics rollups) applied to the history in %.1f s%n",
                (System.nanoTime() - started) / 1e9);
    }

    /** The device scan of {@code Rollouts.progress}: pages of 1,000, each device's bucket against a 10% target. */
    private static long[] progressScan(JdbcRegistry registry) {
        long salt = RolloutBuckets.saltState("release-2.0.0");
        long eligible = 0;
        long updated = 0;
        String after = "";
        while (true) {
            List<DeviceState> page = registry.fleet().devices(PRODUCT, after, 1000);
            for (DeviceState d : page) {
                if (RolloutBuckets.bucketAfterSalt(salt, d.deviceId()) < 1000) {
                    eligible++;
                    if (d.currentVersion().toString().equals("2.0.0")) {
                        updated++;
                    }
                }
            }
            if (page.size() < 1000) {
                return new long[] {eligible, updated};
            }
            after = page.get(page.size() - 1).deviceId();
        }
    }

    private static void time(String name, int runs, Supplier<?> call) {
        long first = measure(call);
        long[] ms = new long[runs];
        for (int i = 0; i < runs; i++) {
            ms[i] = measure(call);
        }
        Arrays.sort(ms);
        System.out.printf("%-30s first %5d ms, then min %5d / median %5d / max %5d ms over %d runs%n", name, first,
                ms[0], ms[runs / 2], ms[runs - 1], runs);
    }

    private static long measure(Supplier<?> call) {
        long t = System.nanoTime();
        call.get();
        return (System.nanoTime() - t) / 1_000_000;
    }
}
