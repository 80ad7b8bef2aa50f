package io.voyagerota.jdbc;

import java.util.List;

/** What a migrated database holds of Voyager's schema, described so that two databases can be compared. */
final class ShippedSchema {
    /** The newest schema version this library ships. */
    static final int NEWEST = Migrator.MIGRATIONS.size();

    private ShippedSchema() {
    }

    /**
     * Voyager's tables with their columns (type, nullability, default) and the indexes the scripts name, sorted;
     * the history tables of whichever tool migrated are left out, and so are names a database makes up itself.
     */
    static List<String> of(TestDatabase db) {
        String history = "('voyager_schema_version', 'voyager_schema_lock', 'voyager_flyway_history')";
        String columns = db.dialect == Dialect.H2
                ? "SELECT LOWER(TABLE_NAME) || '.' || LOWER(COLUMN_NAME) || ' ' || DATA_TYPE || ' ' || IS_NULLABLE"
                        + " || ' ' || COALESCE(COLUMN_DEFAULT, '-') FROM INFORMATION_SCHEMA.COLUMNS"
                        + " WHERE TABLE_SCHEMA = 'PUBLIC' AND LOWER(TABLE_NAME) LIKE 'voyager\\_%' ESCAPE '\\'"
                        + " AND LOWER(TABLE_NAME) NOT IN " + history
                : "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' '"
                        + " || COALESCE(column_default, '-') FROM information_schema.columns"
                        + " WHERE table_schema = 'public' AND table_name LIKE 'voyager\\_%' ESCAPE '\\'"
                        + " AND table_name NOT IN " + history;
        String indexes = db.dialect == Dialect.H2
                ? "SELECT 'index ' || LOWER(INDEX_NAME) || ' on ' || LOWER(TABLE_NAME) FROM INFORMATION_SCHEMA.INDEXES"
                        + " WHERE TABLE_SCHEMA = 'PUBLIC' AND LOWER(TABLE_NAME) LIKE 'voyager\\_%' ESCAPE '\\'"
                        + " AND LOWER(TABLE_NAME) NOT IN " + history
                        + " AND INDEX_NAME NOT LIKE 'PRIMARY\\_KEY\\_%' ESCAPE '\\'"
                        + " AND INDEX_NAME NOT LIKE 'CONSTRAINT\\_INDEX\\_%' ESCAPE '\\'"
                        + " AND INDEX_NAME NOT LIKE 'FK\\_%' ESCAPE '\\'"
                : "SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'"
                        + " AND tablename LIKE 'voyager\\_%' ESCAPE '\\' AND tablename NOT IN " + history;
        List<String> all = new java.util.ArrayList<>(db.queryStrings(columns));
        all.addAll(db.queryStrings(indexes));
        all.sort(null);
        return all;
    }
}
