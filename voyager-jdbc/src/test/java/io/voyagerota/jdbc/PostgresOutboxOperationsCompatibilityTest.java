package io.voyagerota.jdbc;

import io.voyagerota.spi.OutboxStore;
import io.voyagerota.testkit.OutboxOperationsCompatibilityKit;
import org.junit.jupiter.api.AfterAll;

/** The outbox kit on PostgreSQL: paging and discarding. */
class PostgresOutboxOperationsCompatibilityTest extends OutboxOperationsCompatibilityKit {
    private static TestDatabase database;
    private static JdbcRegistry registry;

    @Override
    protected OutboxStore newStore() {
        if (database == null) {
            database = TestDatabase.postgres();
            registry = database.registry();
        }
        database.clear();
        return registry.outbox();
    }

    @AfterAll
    static void closeDatabase() {
        if (database != null) {
            database.close();
            database = null;
        }
    }
}
