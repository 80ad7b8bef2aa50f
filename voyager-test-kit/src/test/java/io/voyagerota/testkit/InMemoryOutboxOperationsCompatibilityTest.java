package io.voyagerota.testkit;

import io.voyagerota.memory.InMemoryOutboxStore;
import io.voyagerota.spi.OutboxStore;

class InMemoryOutboxOperationsCompatibilityTest extends OutboxOperationsCompatibilityKit {
    @Override
    protected OutboxStore newStore() {
        return new InMemoryOutboxStore();
    }
}
