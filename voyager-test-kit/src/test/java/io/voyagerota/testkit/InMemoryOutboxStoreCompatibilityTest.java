package io.voyagerota.testkit;

import io.voyagerota.memory.InMemoryOutboxStore;
import io.voyagerota.spi.OutboxStore;

class InMemoryOutboxStoreCompatibilityTest extends OutboxStoreCompatibilityKit {
    @Override
    protected OutboxStore newStore() {
        return new InMemoryOutboxStore();
    }
}
