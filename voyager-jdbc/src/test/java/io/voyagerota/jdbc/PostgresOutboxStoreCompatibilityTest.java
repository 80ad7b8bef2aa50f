package io.voyagerota.jdbc;

import io.voyagerota.spi.OutboxStore;
import io.voyagerota.testkit.OutboxOrderCompatibilityKit;
import io.voyagerota.testkit.OutboxStoreCompatibilityKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;

/** The outbox kit on PostgreSQL: every clause of the {@link OutboxStore} contract. */
class PostgresOutboxStoreCompatibilityTest extends OutboxStoreCompatibilityKit {
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

    /** The per-aggregate order, claim filters and appendIfAbsent, on the same store. */
    @Nested
    class Order extends OutboxOrderCompatibilityKit {
        @Override
        protected OutboxStore newStore() {
            return PostgresOutboxStoreCompatibilityTest.this.newStore();
        }
    }
}
