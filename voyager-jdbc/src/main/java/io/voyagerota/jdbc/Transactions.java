package io.voyagerota.jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs work on a connection from the host's {@link DataSource}: in one transaction, committed at the end and rolled
 * back on any failure, or in auto-commit for single statements. A transaction that lost a race the database reports
 * as retryable (deadlock, serialization failure, lock timeout) or that the work flags with {@link Retry} is run again
 * from the start, a few times, with a short random pause; every write here is safe to repeat because the failed
 * attempt left nothing behind.
 */
final class Transactions {
    static final int MAX_ATTEMPTS = 6;

    /** Work against one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Thrown by work that found a concurrent writer got there first and the whole transaction should rerun. */
    static final class Retry extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Retry(SQLException cause) {
            super("transaction lost a race and is retried", cause, false, false);
        }
    }

    private final DataSource dataSource;

    Transactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Runs {@code work} in one transaction, retrying it when it lost a race. */
    <T> T inTransaction(String operation, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                boolean autoCommit = connection.getAutoCommit();
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException | Error e) {
                    rollbackQuietly(connection, e);
                    throw e;
                } finally {
                    restoreAutoCommit(connection, autoCommit);
                }
            } catch (Retry e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw SqlErrors.translate(operation, (SQLException) e.getCause());
                }
                pause(operation, attempt);
            } catch (SQLException e) {
                if (!SqlErrors.isTransient(e) || attempt >= MAX_ATTEMPTS) {
                    throw SqlErrors.translate(operation, e);
                }
                pause(operation, attempt);
            }
        }
    }

    /** Runs {@code work} on an auto-commit connection: each statement is its own transaction. */
    <T> T autoCommit(String operation, Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                boolean autoCommit = connection.getAutoCommit();
                if (!autoCommit) {
                    // A pool may hand out connections in manual-commit mode; a single statement must still commit.
                    connection.setAutoCommit(true);
                }
                try {
                    return work.run(connection);
                } finally {
                    if (!autoCommit) {
                        restoreAutoCommit(connection, false);
                    }
                }
            } catch (SQLException e) {
                if (!SqlErrors.isTransient(e) || attempt >= MAX_ATTEMPTS) {
                    throw SqlErrors.translate(operation, e);
                }
                pause(operation, attempt);
            }
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static void restoreAutoCommit(Connection connection, boolean autoCommit) {
        try {
            connection.setAutoCommit(autoCommit);
        } catch (SQLException ignored) {
            // The connection is broken; closing it next lets the pool discard it.
        }
    }

    private static void pause(String operation, int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L * attempt * attempt + 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JdbcException("database-error", operation + " was interrupted while waiting to retry", e);
        }
    }
}
