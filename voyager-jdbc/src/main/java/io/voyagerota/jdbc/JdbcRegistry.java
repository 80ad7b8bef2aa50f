package io.voyagerota.jdbc;

import io.voyagerota.spi.CatalogRegistry;
import io.voyagerota.spi.DirectoryStore;
import io.voyagerota.spi.FleetRegistry;
import io.voyagerota.spi.FleetStatistics;
import io.voyagerota.spi.OutboxStore;
import io.voyagerota.spi.Registry;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * The Voyager {@link Registry} (catalog, fleet, outbox and device directory) on a JDBC {@link DataSource} the host
 * supplies, on H2 2.x or PostgreSQL 12+.
 *
 * <pre>{@code
 * JdbcRegistry registry = JdbcRegistry.builder(dataSource)
 *         .migrateOnStart(true)   // or call registry.migrate() from your own deployment step
 *         .build();
 * Voyager voyager = Voyager.builder().registry(registry).artifactStorage(storage).build();
 * }</pre>
 *
 * <p>Catalog commits write their outbox events in the same transaction. Every operation borrows a connection for
 * its own duration only and returns it; the registry holds no connection between calls and needs no closing (the
 * host owns and closes its pool). Thread-safe; any number of nodes may share one PostgreSQL database.
 */
public final class JdbcRegistry implements Registry {
    private final Dialect dialect;
    private final Transactions tx;
    private final JdbcCatalog catalog;
    private final JdbcFleet fleet;
    private final JdbcFleetStatistics statistics;
    private final JdbcOutboxStore outbox;
    private final JdbcDirectory directory;

    private JdbcRegistry(DataSource dataSource, Dialect dialect) {
        this.dialect = dialect;
        this.tx = new Transactions(dataSource);
        this.catalog = new JdbcCatalog(tx);
        this.fleet = new JdbcFleet(tx, dialect);
        this.statistics = new JdbcFleetStatistics(tx, dialect);
        this.outbox = new JdbcOutboxStore(tx, dialect);
        this.directory = new JdbcDirectory(tx);
    }

    /** Starts configuring a registry on {@code dataSource}, which must hand out connections to H2 or PostgreSQL. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * Creates or upgrades the Voyager tables to the schema this library needs, recording each applied version in
     * {@code voyager_schema_version}. Idempotent; safe to call from several nodes at the same time (one migrates,
     * the others wait for it and find nothing to do).
     *
     * @throws SchemaMigrationException if a migration fails or was changed after it was applied
     */
    public MigrationResult migrate() {
        return new Migrator(tx.dataSource(), dialect).migrate();
    }

    /** The database dialect in use. */
    public Dialect dialect() {
        return dialect;
    }

    @Override
    public CatalogRegistry catalog() {
        return catalog;
    }

    @Override
    public FleetRegistry fleet() {
        return fleet;
    }

    @Override
    public OutboxStore outbox() {
        return outbox;
    }

    @Override
    public DirectoryStore directory() {
        return directory;
    }

    @Override
    public FleetStatistics statistics() {
        return statistics;
    }

    @Override
    public String toString() {
        return "JdbcRegistry[" + dialect + "]";
    }

    /** Configures a {@link JdbcRegistry}; only the data source is required. */
    public static final class Builder {
        private final DataSource dataSource;
        private Dialect dialect;
        private boolean migrateOnStart;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource must not be null");
        }

        /**
         * The database dialect. Default: detected from the database's metadata when {@link #build()} runs, which
         * opens one connection; name it to build without touching the database.
         */
        public Builder dialect(Dialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect must not be null");
            return this;
        }

        /** Whether {@link #build()} runs {@link JdbcRegistry#migrate()}; default false (the host migrates). */
        public Builder migrateOnStart(boolean migrateOnStart) {
            this.migrateOnStart = migrateOnStart;
            return this;
        }

        /**
         * Builds the registry.
         *
         * @throws JdbcException if the dialect must be detected and the database is unreachable or unsupported
         * @throws SchemaMigrationException if {@link #migrateOnStart(boolean)} is set and migrating fails
         */
        public JdbcRegistry build() {
            Dialect chosen = dialect != null ? dialect : detect();
            JdbcRegistry registry = new JdbcRegistry(dataSource, chosen);
            if (migrateOnStart) {
                registry.migrate();
            }
            return registry;
        }

        private Dialect detect() {
            try (Connection c = dataSource.getConnection()) {
                return Dialect.detect(c);
            } catch (SQLException e) {
                throw SqlErrors.translate("detecting the database dialect", e);
            }
        }
    }
}
