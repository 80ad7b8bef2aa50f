-- A host application's own schema, migrated by the host's Flyway beside Voyager's tables.
CREATE TABLE orders (id BIGINT PRIMARY KEY, customer VARCHAR(64) NOT NULL);
