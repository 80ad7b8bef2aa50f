package io.voyagerota.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The databases {@link JdbcRegistry} speaks. Detected from {@link DatabaseMetaData} unless the host names one with
 * {@link JdbcRegistry.Builder#dialect(Dialect)}.
 */
public enum Dialect {
    /** H2 2.x, embedded or server mode: the single-node default. */
    H2("h2"),
    /** PostgreSQL 12 or later: production and multi-node deployments. */
    POSTGRESQL("postgresql");

    /** The oldest PostgreSQL major release whose SQL the schema and queries use (identity columns, SKIP LOCKED). */
    static final int MIN_POSTGRESQL_MAJOR = 12;

    private final String resourceDirectory;

    Dialect(String resourceDirectory) {
        this.resourceDirectory = resourceDirectory;
    }

    /** The directory of this dialect's migration variants, under the common migration directory. */
    String resourceDirectory() {
        return resourceDirectory;
    }

    /**
     * The dialect of the database behind {@code connection}.
     *
     * @throws JdbcException if it is neither H2 2.x nor PostgreSQL 12+
     */
    static Dialect detect(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String product = meta.getDatabaseProductName();
        String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
        int major = meta.getDatabaseMajorVersion();
        if (name.equals("h2")) {
            if (major < 2) {
                throw unsupported(product + " " + meta.getDatabaseProductVersion(),
                        "upgrade to H2 2.x (its 1.x file format and SQL are not supported)");
            }
            return H2;
        }
        if (name.equals("postgresql")) {
            if (major < MIN_POSTGRESQL_MAJOR) {
                throw unsupported(product + " " + meta.getDatabaseProductVersion(),
                        "upgrade to PostgreSQL " + MIN_POSTGRESQL_MAJOR + " or later");
            }
            return POSTGRESQL;
        }
        throw unsupported(product + " " + meta.getDatabaseProductVersion(),
                "use H2 2.x or PostgreSQL " + MIN_POSTGRESQL_MAJOR + "+; if this database speaks one of their SQL"
                        + " dialects exactly, name it with JdbcRegistry.builder(dataSource).dialect(…)");
    }

    private static JdbcException unsupported(String database, String fix) {
        return new JdbcException("unsupported-database", "voyager-jdbc does not support " + database + ": " + fix,
                null);
    }
}
