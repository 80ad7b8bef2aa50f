package io.voyagerota.server.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.voyagerota.VoyagerException;
import io.voyagerota.jdbc.Dialect;
import io.voyagerota.server.ConfigException;
import io.voyagerota.server.DatabaseSettings;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The server's database: the embedded H2 one in the data directory, or the one {@code database.url} names behind a
 * HikariCP pool. A shared PostgreSQL database is what lets several servers run as one cluster.
 */
public final class ServerDatabase implements AutoCloseable {
    private final DataSource dataSource;
    private final Dialect dialect;
    private final String description;
    private final AutoCloseable closer;

    private ServerDatabase(DataSource dataSource, Dialect dialect, String description, AutoCloseable closer) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.description = description;
        this.closer = closer;
    }

    /**
     * Opens the configured database and checks that it answers.
     *
     * @throws VoyagerException naming the database (never the password) when it cannot be reached
     * @throws ConfigException when the password file cannot be read
     */
    public static ServerDatabase open(DatabaseSettings settings, DataDirectory dir) {
        if (settings.isEmbedded()) {
            EmbeddedDatabase h2 = EmbeddedDatabase.open(dir.database());
            return new ServerDatabase(h2.dataSource(), Dialect.H2, "H2 " + h2.url(), h2);
        }
        String url = settings.url().orElseThrow();
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("voyager-db");
        hikari.setJdbcUrl(url);
        settings.username().ifPresent(hikari::setUsername);
        password(settings).ifPresent(hikari::setPassword);
        hikari.setMaximumPoolSize(settings.poolSize());
        hikari.setMinimumIdle(Math.min(2, settings.poolSize()));
        hikari.setConnectionTimeout(settings.connectionTimeout().toMillis());
        // Fail the start, not the first request, when the database cannot be reached.
        hikari.setInitializationFailTimeout(settings.connectionTimeout().toMillis());
        String shown = DatabaseSettings.redacted(url) + settings.username().map(u -> " as " + u).orElse("");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (HikariPool.PoolInitializationException | IllegalArgumentException e) {
            throw new VoyagerException("database-unreachable", "cannot connect to the database at " + shown + ": "
                    + rootMessage(e) + "; check database.url, database.username and the password, and that the"
                    + " database accepts connections from this host", e);
        }
        return new ServerDatabase(pool, settings.dialect(), settings.dialect().name() + " " + shown
                + " (pool of " + settings.poolSize() + ")", pool);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** What to log: the kind of database and where it is, without the password. */
    public String description() {
        return description;
    }

    /** Whether the database answers within {@code seconds}; for readiness. */
    public boolean answers(int seconds) {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(seconds);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            closer.close();
        } catch (Exception e) {
            // the connections go with the process
        }
    }

    private static Optional<String> password(DatabaseSettings settings) {
        if (settings.passwordFile().isEmpty()) {
            return settings.password();
        }
        Path file = settings.passwordFile().get();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isEmpty()) {
                throw new ConfigException("database.password-file " + file + " is empty; write the password on its"
                        + " first line");
            }
            return Optional.of(lines.get(0));
        } catch (IOException e) {
            throw new ConfigException("database.password-file " + file + " cannot be read (" + e.getMessage()
                    + "); check the path and that the server's user may read it");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return DatabaseSettings.redacted(message);
    }
}
