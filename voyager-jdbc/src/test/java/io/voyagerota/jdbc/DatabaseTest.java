package io.voyagerota.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * A test class that runs against one database, H2 or PostgreSQL as its subclass says: the database is created and
 * migrated once per class and emptied before every test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatabaseTest {
    protected TestDatabase database;
    protected JdbcRegistry registry;

    /** The database this subclass runs on. */
    abstract Dialect dialect();

    @BeforeAll
    void openDatabase() {
        database = TestDatabase.open(dialect());
        registry = database.registry();
    }

    @BeforeEach
    void emptyDatabase() {
        database.clear();
    }

    @AfterAll
    void closeDatabase() {
        if (database != null) {
            database.close();
        }
    }
}
