package io.voyagerota.testkit;

import io.voyagerota.memory.InMemoryOutboxStore;
import io.voyagerota.spi.OutboxStore;
import org.junit.jupiter.api.Nested;

class InMemoryOutboxStoreCompatibilityTest extends OutboxStoreCompatibilityKit {
    @Override
    protected OutboxStore newStore() {
        return new InMemoryOutboxStore();
    }

    /** The per-aggregate order, claim filters and appendIfAbsent, on the same store. */
    @Nested
    class Order extends OutboxOrderCompatibilityKit {
        @Override
        protected OutboxStore newStore() {
            return InMemoryOutboxStoreCompatibilityTest.this.newStore();
        }
    }
}
