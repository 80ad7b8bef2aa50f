package io.voyagerota.jdbc;

import io.voyagerota.spi.OutboxStore;
import io.voyagerota.testkit.OutboxOrderCompatibilityKit;
import io.voyagerota.testkit.OutboxStoreCompatibilityKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;

/** The outbox kit on H2: every clause of the {@link OutboxStore} contract. */
class H2OutboxStoreCompatibilityTest extends OutboxStoreCompatibilityKit {
    private static TestDatabase database;
    private static JdbcRegistry registry;

    @Override
    protected OutboxStore newStore() {
        if (database == null) {
            database = TestDatabase.h2();
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
            return H2OutboxStoreCompatibilityTest.this.newStore();
        }
    }
}
