package io.voyagerota.jdbc;

import io.voyagerota.catalog.Product;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Schema migrations on a fresh, empty database per test. */
abstract class MigrationTest {
    private TestDatabase database;

    abstract Dialect dialect();

    @BeforeEach
    void openEmptyDatabase() {
        database = TestDatabase.open(dialect());
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    private JdbcRegistry unmigrated() {
        return JdbcRegistry.builder(database.dataSource()).build();
    }

    private static final List<String> ALL = List.of("V1__baseline", "V2__device_directory", "V3__fleet_statistics",
            "V4__device_outcomes", "V5__outbox_order", "V6__statistics_rollup");
    private static final int NEWEST = 6;

    /** A migrator that knows only the first {@code versions} migrations, as an older library would. */
    private Migrator upTo(int versions) {
        return new Migrator(database.dataSource(), dialect(), Migrator.MIGRATIONS.subList(0, versions),
                "/io/voyagerota/jdbc/migration/");
    }

    @Test
    void migratingTwiceAppliesEachVersionOnce() {
        JdbcRegistry registry = unmigrated();
        assertEquals(dialect(), registry.dialect(), "detected from the database");
        assertEquals(new MigrationResult(NEWEST, ALL), registry.migrate());
        assertEquals(new MigrationResult(NEWEST, List.of()), registry.migrate());
        assertEquals(new MigrationResult(NEWEST, List.of()),
                JdbcRegistry.builder(database.dataSource()).dialect(dialect()).build().migrate());
        assertEquals(ALL.size(), database.queryLong("SELECT COUNT(*) FROM voyager_schema_version"));
        registry.catalog().insertProduct(Fixtures.product("locker"));
        assertEquals(1, registry.catalog().products().size());
    }

    @Test
    @Timeout(60)
    void nodesMigratingAtOnceApplyEachVersionOnce() throws Exception {
        int nodes = 4;
        ExecutorService threads = Executors.newFixedThreadPool(nodes);
        try {
            CyclicBarrier start = new CyclicBarrier(nodes);
            List<Future<MigrationResult>> results = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                results.add(threads.submit(() -> {
                    JdbcRegistry node = JdbcRegistry.builder(database.dataSource()).dialect(dialect()).build();
                    start.await(10, TimeUnit.SECONDS);
                    return node.migrate();
                }));
            }
            int applied = 0;
            for (Future<MigrationResult> result : results) {
                MigrationResult r = result.get(50, TimeUnit.SECONDS);
                assertEquals(NEWEST, r.schemaVersion());
                applied += r.applied().size();
            }
            assertEquals(ALL.size(), applied, "each version applied by exactly one node");
        } finally {
            threads.shutdownNow();
        }
        assertEquals(ALL.size(), database.queryLong("SELECT COUNT(*) FROM voyager_schema_version"));
        unmigrated().catalog().insertProduct(Fixtures.product("locker"));
    }

    @Test
    void aRunInterruptedHalfwayIsCompletedByTheNext() {
        Migrator migrator = new Migrator(database.dataSource(), dialect());
        List<String> statements = Migrator.statements(migrator.script(Migrator.MIGRATIONS.get(0)));
        // The first half ran, then the node died before recording the version (on H2, where DDL commits at once).
        database.execute(statements.subList(0, statements.size() / 2).toArray(String[]::new));
        assertEquals(ALL, unmigrated().migrate().applied());
        assertEquals(0, database.queryLong("SELECT COUNT(*) FROM voyager_outbox"), "the last tables exist too");
    }

    @Test
    void anUpgradeInterruptedHalfwayIsCompletedByTheNext() {
        assertEquals(List.of("V1__baseline"), upTo(1).migrate().applied());
        Migrator migrator = new Migrator(database.dataSource(), dialect());
        List<String> statements = Migrator.statements(migrator.script(Migrator.MIGRATIONS.get(1)));
        database.execute(statements.subList(0, statements.size() / 2).toArray(String[]::new));
        assertEquals(ALL.subList(1, ALL.size()), unmigrated().migrate().applied());
        assertEquals(1, database.queryLong("SELECT COUNT(*) FROM voyager_directory_revision"), "one counter row");
        assertEquals(0, database.queryLong("SELECT COUNT(*) FROM voyager_device_directory"));
    }

    @Test
    void aDatabaseOfTheFirstVersionIsUpgradedWithItsDataKept() {
        upTo(1).migrate();
        JdbcRegistry registry = unmigrated();
        registry.catalog().insertProduct(Fixtures.product("locker"));
        assertEquals(new MigrationResult(NEWEST, ALL.subList(1, ALL.size())),
                registry.migrate());
        assertEquals(1, registry.catalog().products().size());
        assertEquals(Set.of("tester"), registry.directory().putTags("dev-1", Set.of("tester"), Instant.EPOCH).tags());
        // A node still on the older library accepts the newer schema: migrations only add.
        assertEquals(new MigrationResult(NEWEST, List.of()), upTo(1).migrate());
    }

    /** Version 3: report ids become unique per device; reports recorded before keep their attribution. */
    @Test
    void aSecondVersionDatabasesReportsAreKeptAndTheirIdsBecomeUniquePerDevice() {
        upTo(2).migrate();
        database.execute("INSERT INTO voyager_report (report_id, device_id, product_id, rollout_id, from_version,"
                + " to_version, running_version, status, reported_at) VALUES ('r-1', 'dev-1', 'p', NULL, '1.0.0',"
                + " '1.1.0', '1.0.0', 'FAILED', CURRENT_TIMESTAMP), ('r-2', 'dev-1', 'p', 'ro', '1.0.0', '1.1.0',"
                + " '1.0.0', 'FAILED', CURRENT_TIMESTAMP)");
        JdbcRegistry registry = unmigrated();
        assertEquals(ALL.subList(2, ALL.size()), registry.migrate().applied());
        List<io.voyagerota.device.RecordedReport> history = registry.fleet().recordedHistory("dev-1", 10);
        assertEquals(Optional.of("ro"), history.get(0).rolloutId());
        assertEquals(Optional.of("no-rollout"), history.get(1).notCountedReason());
        database.execute("INSERT INTO voyager_report (report_id, device_id, product_id, from_version, to_version,"
                + " running_version, status, reported_at, not_counted_reason) VALUES ('r-1', 'dev-2', 'p', '1.0.0',"
                + " '1.1.0', '1.0.0', 'FAILED', CURRENT_TIMESTAMP, 'not-admitted')");
        assertEquals(3, database.queryLong("SELECT COUNT(*) FROM voyager_report"), "r-1 of dev-2 is another report");
    }

    @Test
    void anAppliedMigrationThatChangedIsRefused() {
        unmigrated().migrate();
        database.execute("UPDATE voyager_schema_version SET checksum = 'edited' WHERE version = 1");
        SchemaMigrationException e = assertThrows(SchemaMigrationException.class, () -> unmigrated().migrate());
        assertTrue(e.getMessage().contains("V1__baseline") && e.getMessage().contains("same voyager-jdbc version"),
                e.getMessage());
        assertEquals("schema-migration", e.code());
    }

    @Test
    void aSchemaMigratedByANewerNodeIsAccepted() {
        unmigrated().migrate();
        database.execute("INSERT INTO voyager_schema_version (version, description, checksum, installed_at)"
                + " VALUES (99, 'future', 'x', CURRENT_TIMESTAMP)");
        assertEquals(new MigrationResult(99, List.of()), unmigrated().migrate());
    }

    @Test
    void withoutMigrationTheErrorSaysToMigrate() {
        JdbcException e = assertThrows(JdbcException.class, () -> unmigrated().catalog().products());
        assertEquals("schema-missing", e.code());
        assertTrue(e.getMessage().contains("JdbcRegistry.migrate()"), e.getMessage());
        assertThrows(JdbcException.class, () -> unmigrated().catalog().insertProduct(Product.of("p", "P",
                Fixtures.product("p").models().get(0))));
    }

    @Test
    void aFailingMigrationIsReportedAndKeptOrRolledBackAsTheDatabaseAllows() {
        Migrator migrator = new Migrator(database.dataSource(), dialect(), List.of(
                new Migrator.Migration(1, "create_a"), new Migrator.Migration(2, "broken")),
                "/io/voyagerota/jdbc/testmigration/");
        SchemaMigrationException e = assertThrows(SchemaMigrationException.class, migrator::migrate);
        assertTrue(e.getMessage().contains(dialect().toString()), e.getMessage());
        if (dialect() == Dialect.POSTGRESQL) {
            // One transaction: V1 and the first statement of V2 are gone with the failed statement.
            assertEquals(0, database.queryLong("SELECT COUNT(*) FROM information_schema.tables"
                    + " WHERE table_name IN ('test_a', 'test_b', 'voyager_schema_version')"));
        } else {
            // H2 commits each DDL statement: V1 is recorded, V2 is not, and rerunning V2 is safe.
            assertEquals(1, database.queryLong("SELECT COUNT(*) FROM voyager_schema_version"));
            assertThrows(SchemaMigrationException.class, migrator::migrate);
            assertEquals(1, database.queryLong("SELECT COUNT(*) FROM test_a"));
        }
    }

    @Test
    void scriptsSplitAtSemicolonsOutsideQuotesAndComments() {
        assertEquals(List.of("SELECT 'a;b'", "SELECT \"x;y\" FROM t", "SELECT 2"), Migrator.statements(
                "-- a comment; with a semicolon\nSELECT 'a;b';\n\nSELECT \"x;y\" FROM t; -- trailing; comment\n"
                        + "SELECT 2\n;\n;"));
    }
}
