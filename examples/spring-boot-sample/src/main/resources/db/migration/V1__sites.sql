-- The application's own schema, migrated by its own Flyway (history in flyway_schema_history); Voyager keeps its
-- tables (voyager_*) and its history (voyager_schema_version) beside these, and migrates after Flyway.
CREATE TABLE sample_site (id BIGINT PRIMARY KEY, name VARCHAR(100) NOT NULL);
