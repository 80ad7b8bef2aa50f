package io.voyagerota.jdbc;

/**
 * The schema could not be brought up to date: a migration failed (on PostgreSQL nothing of it is kept), an applied
 * migration differs from the one this library ships, or another node held the migration lock for too long.
 */
public final class SchemaMigrationException extends JdbcException {
    public SchemaMigrationException(String message, Throwable cause) {
        super("schema-migration", message, cause);
    }
}
