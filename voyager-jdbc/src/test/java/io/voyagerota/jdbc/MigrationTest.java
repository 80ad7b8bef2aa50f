package io.voyagerota.jdbc;

import io.voyagerota.catalog.Product;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
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

    @Test
    void migratingTwiceAppliesEachVersionOnce() {
        JdbcRegistry registry = unmigrated();
        assertEquals(dialect(), registry.dialect(), "detected from the database");
        assertEquals(new MigrationResult(1, List.of("V1__baseline")), registry.migrate());
        assertEquals(new MigrationResult(1, List.of()), registry.migrate());
        assertEquals(new MigrationResult(1, List.of()),
                JdbcRegistry.builder(database.dataSource()).dialect(dialect()).build().migrate());
        assertEquals(1, database.queryLong("SELECT COUNT(*) FROM voyager_schema_version"));
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
                assertEquals(1, r.schemaVersion());
                applied += r.applied().size();
            }
            assertEquals(1, applied, "exactly one node applied V1");
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, database.queryLong("SELECT COUNT(*) FROM voyager_schema_version"));
        unmigrated().catalog().insertProduct(Fixtures.product("locker"));
    }

    @Test
    void aRunInterruptedHalfwayIsCompletedByTheNext() {
        Migrator migrator = new Migrator(database.dataSource(), dialect());
        List<String> statements = Migrator.statements(migrator.script(Migrator.MIGRATIONS.get(0)));
        // The first half ran, then the node died before recording the version (on H2, where DDL commits at once).
        database.execute(statements.subList(0, statements.size() / 2).toArray(String[]::new));
        assertEquals(List.of("V1__baseline"), unmigrated().migrate().applied());
        assertEquals(0, database.queryLong("SELECT COUNT(*) FROM voyager_outbox"), "the last tables exist too");
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
