package io.voyagerota.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGConnectionPoolDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh, empty database behind a small connection pool: an in-memory H2 database, or a new database on the one
 * embedded PostgreSQL server that all tests of this JVM share (starting a server takes seconds; creating a
 * database on it takes milliseconds).
 */
final class TestDatabase implements AutoCloseable {
    /** Every Voyager table with rows, children first. */
    private static final String[] TABLES = {"voyager_rollout_outcome", "voyager_rollout_failure", "voyager_rollout_stats",
            "voyager_stats_outcome_day", "voyager_stats_download_day", "voyager_stats_rollout_device", "voyager_stats_stage_day", "voyager_report",
            "voyager_device", "voyager_outbox", "voyager_rollout", "voyager_release", "voyager_product",
            "voyager_device_directory"};
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres server;

    final Dialect dialect;
    final String url;
    final String user;
    private final JdbcConnectionPool pool;

    private TestDatabase(Dialect dialect, String url, String user, JdbcConnectionPool pool) {
        this.dialect = dialect;
        this.url = url;
        this.user = user;
        this.pool = pool;
        pool.setMaxConnections(24);
    }

    static TestDatabase open(Dialect dialect) {
        return dialect == Dialect.H2 ? h2() : postgres();
    }

    static TestDatabase h2() {
        String url = "jdbc:h2:mem:voyager-" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
        return new TestDatabase(Dialect.H2, url, "sa", JdbcConnectionPool.create(url, "sa", ""));
    }

    static TestDatabase postgres() {
        EmbeddedPostgres pg = server();
        String name = "voyager_" + COUNTER.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        PGConnectionPoolDataSource source = new PGConnectionPoolDataSource();
        source.setServerNames(new String[] {"localhost"});
        source.setPortNumbers(new int[] {pg.getPort()});
        source.setDatabaseName(name);
        source.setUser("postgres");
        return new TestDatabase(Dialect.POSTGRESQL, pg.getJdbcUrl("postgres", name), "postgres",
                JdbcConnectionPool.create(source));
    }

    /** The shared server, started on first use and stopped when the JVM exits. */
    static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
            }
            EmbeddedPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the data directory is temporary anyway
                }
            }, "embedded-postgres-stop"));
        }
        return server;
    }

    DataSource dataSource() {
        return pool;
    }

    /** A registry on this database, its schema migrated. */
    JdbcRegistry registry() {
        return JdbcRegistry.builder(pool).migrateOnStart(true).build();
    }

    /** Deletes every row the registry wrote and resets the counters, keeping the schema. */
    void clear() {
        String[] statements = new String[TABLES.length + 2];
        for (int i = 0; i < TABLES.length; i++) {
            statements[i] = "DELETE FROM " + TABLES[i];
        }
        statements[TABLES.length] = "UPDATE voyager_catalog_generation SET generation = 0";
        statements[TABLES.length + 1] = "UPDATE voyager_directory_revision SET revision = 0";
        execute(statements);
    }

    /** Runs statements on one auto-commit connection. */
    void execute(String... sql) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("test SQL failed: " + String.join("; ", sql), e);
        }
    }

    /** The first column of every row of a query, as text. */
    List<String> queryStrings(String sql) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("test SQL failed: " + sql, e);
        }
    }

    /** The first column of the first row of a query, as a long. */
    long queryLong(String sql) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("test SQL failed: " + sql, e);
        }
    }

    @Override
    public void close() {
        if (dialect == Dialect.H2) {
            execute("SHUTDOWN");
        }
        pool.dispose();
    }

    @Override
    public String toString() {
        return dialect + " " + url;
    }
}
