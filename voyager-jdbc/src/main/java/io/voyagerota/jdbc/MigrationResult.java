package io.voyagerota.jdbc;

import java.util.List;
import java.util.Objects;

/**
 * What {@link JdbcRegistry#migrate()} did.
 *
 * @param schemaVersion the newest migration now applied to the database
 * @param applied       the migrations this call applied, oldest first, as {@code V1__baseline}; empty when the
 *                      schema was already current (or another node migrated it meanwhile)
 */
public record MigrationResult(int schemaVersion, List<String> applied) {
    public MigrationResult {
        if (schemaVersion < 0) {
            throw new IllegalArgumentException("schemaVersion must be 0 or more, got " + schemaVersion);
        }
        applied = List.copyOf(Objects.requireNonNull(applied, "applied must not be null"));
    }
}
