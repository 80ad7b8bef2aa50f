package io.voyagerota.jdbc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

/**
 * Brings the schema up to date with the versioned SQL scripts this library ships, recording each applied version
 * in {@code voyager_schema_version}. Safe to run from several nodes at once: they take a lock first and find the
 * work done.
 *
 * <p>PostgreSQL runs all pending versions in one transaction under a transaction-scoped advisory lock: a failure
 * leaves nothing behind. H2 commits every DDL statement on its own, so there the lock is a row lock held by a
 * second connection for the whole run, and the scripts are written so that a rerun completes a version that a crash
 * interrupted (every statement is {@code IF NOT EXISTS} or {@code WHERE NOT EXISTS}).
 */
final class Migrator {
    /** A shipped migration; its script is the dialect's variant if there is one, else the common file. */
    record Migration(int version, String description) {
        String name() {
            return "V" + version + "__" + description;
        }
    }

    /** Every migration, oldest first. Listed here rather than found by scanning: a jar cannot be listed portably. */
    static final List<Migration> MIGRATIONS = List.of(new Migration(1, "baseline"),
            new Migration(2, "device_directory"), new Migration(3, "fleet_statistics"),
            new Migration(4, "device_outcomes"), new Migration(5, "outbox_order"),
            new Migration(6, "statistics_rollup"));

    /** The advisory lock key on PostgreSQL: "voyager" in ASCII, read as a number. */
    static final long ADVISORY_LOCK_KEY = 0x766f7961676572L;
    /** How long a node waits for another node's migration before giving up. */
    static final Duration LOCK_WAIT = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
    private static final String BASE = "/io/voyagerota/jdbc/migration/";
    private static final String VERSION_TABLE = "CREATE TABLE IF NOT EXISTS voyager_schema_version ("
            + " version INTEGER PRIMARY KEY, description VARCHAR(200) NOT NULL, checksum VARCHAR(64) NOT NULL,"
            + " installed_at TIMESTAMP WITH TIME ZONE NOT NULL)";

    private final DataSource dataSource;
    private final Dialect dialect;
    private final List<Migration> migrations;
    private final String base;

    Migrator(DataSource dataSource, Dialect dialect) {
        this(dataSource, dialect, MIGRATIONS, BASE);
    }

    /** A migrator over other scripts: {@code base} is the resource directory holding them. */
    Migrator(DataSource dataSource, Dialect dialect, List<Migration> migrations, String base) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.migrations = List.copyOf(migrations);
        this.base = base;
    }

    MigrationResult migrate() {
        try {
            return dialect == Dialect.POSTGRESQL ? migratePostgres() : migrateH2();
        } catch (SQLException e) {
            if (SqlErrors.stateOf(e).equals("55P03") || SqlErrors.stateOf(e).equals("HYT00")) {
                throw new SchemaMigrationException("another node has held the schema migration lock for more than "
                        + LOCK_WAIT.toSeconds() + " s; check for a hung node or a long migration, then start again",
                        e);
            }
            throw new SchemaMigrationException("migrating the Voyager schema on " + dialect + " failed (SQLState "
                    + SqlErrors.stateOf(e) + "); see the cause, fix it and start again"
                    + (dialect == Dialect.POSTGRESQL ? "; nothing of the failed run was kept"
                    : "; the run can be repeated safely"), e);
        }
    }

    private MigrationResult migratePostgres() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (Statement s = c.createStatement()) {
                    s.execute("SET LOCAL lock_timeout = '" + LOCK_WAIT.toMillis() + "ms'");
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    ps.setLong(1, ADVISORY_LOCK_KEY);
                    ps.execute();
                }
                MigrationResult result = applyPending(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private MigrationResult migrateH2() throws SQLException {
        try (Connection lock = dataSource.getConnection()) {
            boolean autoCommit = lock.getAutoCommit();
            lock.setAutoCommit(true);
            try {
                execute(lock, "CREATE TABLE IF NOT EXISTS voyager_schema_lock (id INTEGER PRIMARY KEY)");
                try {
                    execute(lock, "INSERT INTO voyager_schema_lock (id) SELECT 1 WHERE NOT EXISTS"
                            + " (SELECT 1 FROM voyager_schema_lock)");
                } catch (SQLException e) {
                    if (!SqlErrors.isUniqueViolation(e)) {
                        throw e; // otherwise another node inserted the row first, which is all we need
                    }
                }
                lock.setAutoCommit(false);
                acquireH2Lock(lock);
                try (Connection work = dataSource.getConnection()) {
                    boolean workAutoCommit = work.getAutoCommit();
                    work.setAutoCommit(true);
                    try {
                        return applyPending(work);
                    } finally {
                        work.setAutoCommit(workAutoCommit);
                    }
                } finally {
                    lock.rollback(); // releases the row lock
                }
            } finally {
                lock.setAutoCommit(autoCommit);
            }
        }
    }

    // H2 waits for a row lock only up to its lock timeout (a few seconds by default), so wait in rounds.
    private static void acquireH2Lock(Connection lock) throws SQLException {
        Instant deadline = Instant.now().plus(LOCK_WAIT);
        while (true) {
            try (Statement s = lock.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id FROM voyager_schema_lock WHERE id = 1 FOR UPDATE")) {
                if (!rs.next()) {
                    throw new SQLException("the voyager_schema_lock row is missing", "02000");
                }
                return;
            } catch (SQLException e) {
                if (!SqlErrors.isTransient(e) || Instant.now().isAfter(deadline)) {
                    throw e;
                }
                lock.rollback();
            }
        }
    }

    private MigrationResult applyPending(Connection c) throws SQLException {
        execute(c, VERSION_TABLE);
        TreeMap<Integer, String> applied = appliedChecksums(c);
        List<String> names = new ArrayList<>();
        for (Migration m : migrations) {
            String script = script(m);
            String checksum = checksum(script);
            String stored = applied.get(m.version());
            if (stored != null) {
                if (!stored.equals(checksum)) {
                    throw new SchemaMigrationException("migration " + m.name() + " was applied to this database"
                            + " from a different script (checksum " + stored + ", this library has " + checksum
                            + "); run every node on the same voyager-jdbc version", null);
                }
                continue;
            }
            long started = System.nanoTime();
            for (String statement : statements(script)) {
                execute(c, statement);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO voyager_schema_version"
                    + " (version, description, checksum, installed_at) VALUES (?, ?, ?, ?)")) {
                ps.setInt(1, m.version());
                ps.setString(2, m.description());
                ps.setString(3, checksum);
                Columns.setInstant(ps, 4, Instant.now());
                ps.executeUpdate();
            }
            applied.put(m.version(), checksum);
            names.add(m.name());
            LOG.info("applied schema migration {} on {} in {} ms", m.name(), dialect,
                    (System.nanoTime() - started) / 1_000_000);
        }
        int newest = applied.isEmpty() ? 0 : applied.lastKey();
        int known = migrations.get(migrations.size() - 1).version();
        if (newest > known) {
            // Newer nodes migrated first (a rolling upgrade); migrations only add, so this node can still run.
            LOG.warn("the database schema is at version {}, newer than the {} this voyager-jdbc knows; upgrade this"
                    + " node to the version the others run", newest, known);
        }
        return new MigrationResult(newest, names);
    }

    private static TreeMap<Integer, String> appliedChecksums(Connection c) throws SQLException {
        TreeMap<Integer, String> applied = new TreeMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, checksum FROM voyager_schema_version")) {
            while (rs.next()) {
                applied.put(rs.getInt(1), rs.getString(2));
            }
        }
        return applied;
    }

    /** The SQL of a migration for this dialect, line endings normalised so the checksum is the same everywhere. */
    String script(Migration m) {
        String file = m.name() + ".sql";
        InputStream in = Migrator.class.getResourceAsStream(base + dialect.resourceDirectory() + "/" + file);
        if (in == null) {
            in = Migrator.class.getResourceAsStream(base + file);
        }
        if (in == null) {
            throw new IllegalStateException("migration " + file + " is missing from the voyager-jdbc jar");
        }
        try (InputStream script = in) {
            return new String(script.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + file + " from the voyager-jdbc jar", e);
        }
    }

    static String checksum(String script) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /**
     * Splits a script at the semicolons that end statements, ignoring those in quotes and comments, and drops
     * comments and empty statements.
     */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char ch = script.charAt(i);
            if (quote != 0) {
                current.append(ch);
                if (ch == quote) {
                    quote = 0;
                }
            } else if (ch == '-' && i + 1 < script.length() && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? script.length() : end;
                current.append('\n');
            } else if (ch == ';') {
                addStatement(out, current);
            } else {
                if (ch == '\'' || ch == '"') {
                    quote = ch;
                }
                current.append(ch);
            }
        }
        addStatement(out, current);
        return out;
    }

    private static void addStatement(List<String> out, StringBuilder current) {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
            out.add(statement);
        }
        current.setLength(0);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
