package io.voyagerota.jdbc;

import io.voyagerota.catalog.Product;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module README's promises to hosts that run Flyway: their own migrations and Voyager's share one database in
 * either order, Flyway can own Voyager's schema from the shipped scripts, and a database {@code migrate()} built can
 * be handed over to Flyway.
 */
abstract class FlywayCoexistenceTest {
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

    private Flyway hostFlyway() {
        return Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/host").load();
    }

    private Flyway voyagerFlyway(TestDatabase on) {
        return Flyway.configure().dataSource(on.dataSource())
                .locations("classpath:io/voyagerota/jdbc/migration/" + dialect().resourceDirectory())
                .table("voyager_flyway_history").load();
    }

    @Test
    void aHostsFlywayAndVoyagersMigratorShareOneDatabaseInEitherOrder() {
        assertEquals(2, hostFlyway().migrate().migrationsExecuted);
        assertEquals(ShippedSchema.NEWEST, database.registry().migrate().schemaVersion());
        assertEquals(0, hostFlyway().migrate().migrationsExecuted, "the host's history is untouched by Voyager's");
        assertTrue(hostFlyway().validateWithResult().validationSuccessful);
        database.execute("INSERT INTO orders (id, customer) VALUES (1, 'acme')");
        usable(JdbcRegistry.builder(database.dataSource()).build());

        try (TestDatabase other = TestDatabase.open(dialect())) {
            JdbcRegistry.builder(other.dataSource()).migrateOnStart(true).build();
            // Voyager first on a fresh database: Flyway refuses a schema that holds tables but no history of its
            // own, unless told to start its history below its first version.
            FlywayException refused = assertThrows(FlywayException.class, () -> Flyway.configure()
                    .dataSource(other.dataSource()).locations("classpath:db/host").load().migrate());
            assertTrue(refused.getMessage().contains("non-empty schema"), refused.getMessage());
            MigrateResult host = Flyway.configure().dataSource(other.dataSource()).locations("classpath:db/host")
                    .baselineOnMigrate(true).baselineVersion("0").load().migrate();
            assertEquals(2, host.migrationsExecuted, "a baseline at 0 still applies every host migration");
            other.execute("INSERT INTO orders (id, customer) VALUES (1, 'acme')");
            usable(JdbcRegistry.builder(other.dataSource()).build());
        }
    }

    @Test
    void flywayBuildsFromTheShippedScriptsTheSchemaMigrateBuilds() {
        MigrateResult result = voyagerFlyway(database).migrate();
        assertEquals(ShippedSchema.NEWEST, result.migrationsExecuted);
        assertEquals(String.valueOf(ShippedSchema.NEWEST), result.targetSchemaVersion);
        usable(JdbcRegistry.builder(database.dataSource()).migrateOnStart(false).build());

        try (TestDatabase byMigrate = TestDatabase.open(dialect())) {
            byMigrate.registry();
            List<String> built = ShippedSchema.of(byMigrate);
            assertTrue(built.size() > 100 && built.stream().filter(l -> l.startsWith("index ")).count() > 5,
                    "the description sees the schema: " + built);
            assertEquals(built, ShippedSchema.of(database),
                    "the tables, columns and indexes Flyway made are those migrate() makes");
        }
    }

    @Test
    void aDatabaseMigrateBuiltIsHandedToFlywayByBaseline() {
        database.registry();
        usable(JdbcRegistry.builder(database.dataSource()).build());
        long newest = database.queryLong("SELECT MAX(version) FROM voyager_schema_version");
        assertEquals(ShippedSchema.NEWEST, newest);
        MigrateResult handover = Flyway.configure().dataSource(database.dataSource())
                .locations("classpath:io/voyagerota/jdbc/migration/" + dialect().resourceDirectory())
                .table("voyager_flyway_history").baselineOnMigrate(true).baselineVersion(String.valueOf(newest))
                .load().migrate();
        assertEquals(0, handover.migrationsExecuted, "nothing is applied twice");
        assertEquals(1, database.queryLong("SELECT COUNT(*) FROM voyager_product"), "the data is kept");
        assertTrue(voyagerFlyway(database).validateWithResult().validationSuccessful);
    }

    /** A registry on the schema writes and reads back. */
    private static void usable(JdbcRegistry registry) {
        registry.catalog().insertProduct(Fixtures.product("locker"));
        assertEquals(List.of("locker"), registry.catalog().products().stream().map(Product::id).toList());
    }
}
