package io.voyagerota.jdbc;

import io.voyagerota.VoyagerException;

/**
 * The database failed or refused an operation for a reason that is not a domain rule: unreachable, schema missing,
 * unsupported database, a value longer than its column. The message says what to check; the driver's
 * {@link java.sql.SQLException} (with its SQL text) is only ever the {@linkplain #getCause() cause}.
 *
 * <p>Codes: {@code database-error}, {@code database-unavailable}, {@code schema-missing},
 * {@code unsupported-database}, {@code invalid-input} (a value too long for its column), and
 * {@code schema-migration} for {@link SchemaMigrationException}.
 */
public class JdbcException extends VoyagerException {
    public JdbcException(String code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
