package io.voyagerota.testkit;

import io.voyagerota.memory.InMemoryRegistry;
import io.voyagerota.spi.Registry;

class InMemoryRegistryCompatibilityTest extends RegistryCompatibilityKit {
    @Override
    protected Registry newRegistry() {
        return new InMemoryRegistry();
    }
}
