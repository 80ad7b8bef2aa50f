package io.voyagerota.server;

import io.voyagerota.InvalidInputException;
import io.voyagerota.jdbc.Dialect;
import io.voyagerota.server.internal.Durations;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code database.*} settings. Without {@code database.url} the server keeps its database in H2 under the data
 * directory; with a PostgreSQL URL several servers can share one database and run as a cluster. Each value is checked
 * when set, and an error names its key; an error never shows the password.
 *
 * @param url               a JDBC URL such as {@code jdbc:postgresql://db.example.com:5432/voyager}; none: the
 *                          embedded H2 database
 * @param username          the database user
 * @param password          the user's password
 * @param passwordFile      a file holding the password (its first line), for secrets mounted as files
 * @param poolSize          the most connections this node opens (10)
 * @param connectionTimeout how long a request waits for a free connection, and the start for the first one (5 s)
 */
public record DatabaseSettings(Optional<String> url, Optional<String> username, Optional<String> password,
                               Optional<Path> passwordFile, int poolSize, Duration connectionTimeout) {
    static final int MAX_POOL_SIZE = 500;

    public DatabaseSettings {
        if (url == null || username == null || password == null || passwordFile == null || connectionTimeout == null) {
            throw new InvalidInputException("database settings must not be null; use Optional.empty()");
        }
        url.ifPresent(DatabaseSettings::dialectOf);
        if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
            throw new InvalidInputException("database.pool-size must be between 1 and " + MAX_POOL_SIZE + ", not "
                    + poolSize);
        }
        if (connectionTimeout.toMillis() < 250 || connectionTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new InvalidInputException("database.connection-timeout must be between 250ms and 5m, not "
                    + Durations.format(connectionTimeout));
        }
        if (password.isPresent() && passwordFile.isPresent()) {
            throw new InvalidInputException("database.password and database.password-file are both set; set one of"
                    + " them");
        }
        if (url.isEmpty() && (username.isPresent() || password.isPresent() || passwordFile.isPresent())) {
            throw new InvalidInputException("database.username or a password is set but database.url is not; set the"
                    + " JDBC URL of the database too (the embedded H2 database takes no credentials)");
        }
    }

    /** The embedded H2 database. */
    public static DatabaseSettings embedded() {
        return new DatabaseSettings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 10,
                Duration.ofSeconds(5));
    }

    /** Whether this is the embedded H2 database in the data directory. */
    public boolean isEmbedded() {
        return url.isEmpty();
    }

    /** The SQL dialect of {@link #url()}. */
    public Dialect dialect() {
        return url.map(DatabaseSettings::dialectOf).orElse(Dialect.H2);
    }

    public DatabaseSettings withUrl(String value) {
        return new DatabaseSettings(Optional.of(value), username, password, passwordFile, poolSize,
                connectionTimeout);
    }

    public DatabaseSettings withUsername(String value) {
        return new DatabaseSettings(url, Optional.of(value), password, passwordFile, poolSize, connectionTimeout);
    }

    public DatabaseSettings withPassword(String value) {
        return new DatabaseSettings(url, username, Optional.of(value), passwordFile, poolSize, connectionTimeout);
    }

    public DatabaseSettings withPasswordFile(Path value) {
        return new DatabaseSettings(url, username, password, Optional.of(value), poolSize, connectionTimeout);
    }

    public DatabaseSettings withPoolSize(int value) {
        return new DatabaseSettings(url, username, password, passwordFile, value, connectionTimeout);
    }

    public DatabaseSettings withConnectionTimeout(Duration value) {
        return new DatabaseSettings(url, username, password, passwordFile, poolSize, value);
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return url.map(u -> redacted(u) + " as " + username.orElse("(driver default user)") + ", password "
                + (password.isPresent() ? "(set)" : passwordFile.map(f -> "from " + f).orElse("(none)"))
                + ", pool " + poolSize).orElse("embedded H2");
    }

    /** {@code text} (a URL, or a driver's message quoting one) with any {@code password=} value hidden. */
    public static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&;\\s]*", "$1***");
    }

    // A URL names its driver; only the two databases the registry is tested on are accepted.
    private static Dialect dialectOf(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) {
            return Dialect.POSTGRESQL;
        }
        if (lower.startsWith("jdbc:h2:")) {
            return Dialect.H2;
        }
        throw new InvalidInputException("database.url must be a PostgreSQL or H2 JDBC URL such as"
                + " jdbc:postgresql://localhost:5432/voyager; other databases are not supported");
    }
}
