package io.voyagerota.jdbc;

import java.sql.SQLException;

/**
 * Classifies driver errors by SQLState (never by message text, which differs between drivers and languages) and
 * turns the unexpected ones into {@link JdbcException}s whose message names the fix, keeping the SQL as the cause.
 */
final class SqlErrors {
    /** Bounds the walk along cause and next-exception links, which a driver could make circular. */
    private static final int MAX_CHAIN = 16;

    private SqlErrors() {
    }

    /** A unique or primary key constraint was violated (both databases use the standard 23505). */
    static boolean isUniqueViolation(SQLException e) {
        return hasState(e, "23505");
    }

    /**
     * The transaction lost a race and may simply be run again: a serialization failure or deadlock (40001; H2
     * reports deadlocks with it too), a PostgreSQL deadlock (40P01) or lock wait refusal (55P03), or an H2 lock
     * timeout (HYT00).
     */
    static boolean isTransient(SQLException e) {
        return hasState(e, "40001") || hasState(e, "40P01") || hasState(e, "55P03") || hasState(e, "HYT00");
    }

    /** Translates an error nobody handled into what the host can act on. */
    static JdbcException translate(String operation, SQLException e) {
        String state = stateOf(e);
        String where = operation + " failed in the database (SQLState " + state + ")";
        if (state.startsWith("08")) {
            return new JdbcException("database-unavailable", where + ": the connection failed; check that the"
                    + " database is up and that the DataSource's URL, credentials and network are right", e);
        }
        if (state.equals("42P01") || state.startsWith("42S0") || state.equals("3F000")) {
            return new JdbcException("schema-missing", where + ": the Voyager tables are missing; call"
                    + " JdbcRegistry.migrate() once, or build the registry with migrateOnStart(true)", e);
        }
        if (state.equals("22001")) {
            return new JdbcException("invalid-input", where + ": a value is longer than its column allows; see the"
                    + " column sizes in the voyager-jdbc README", e);
        }
        if (isTransient(e)) {
            return new JdbcException("database-error", where + ": it kept conflicting with concurrent transactions"
                    + " after several retries; retry later", e);
        }
        return new JdbcException("database-error", where + "; see the cause for the driver's message", e);
    }

    /** The first SQLState found along the error's chain (batch errors carry it on the next exception). */
    static String stateOf(SQLException e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth++ < MAX_CHAIN; t = next(t)) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return "unknown";
    }

    private static boolean hasState(SQLException e, String state) {
        int depth = 0;
        for (Throwable t = e; t != null && depth++ < MAX_CHAIN; t = next(t)) {
            if (t instanceof SQLException sql && state.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof SQLException sql && sql.getNextException() != null && sql.getNextException() != t) {
            return sql.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }
}
