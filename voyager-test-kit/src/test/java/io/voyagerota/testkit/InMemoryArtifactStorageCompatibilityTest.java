package io.voyagerota.testkit;

import io.voyagerota.memory.InMemoryArtifactStorage;
import io.voyagerota.spi.ArtifactStorage;

class InMemoryArtifactStorageCompatibilityTest extends ArtifactStorageCompatibilityKit {
    @Override
    protected ArtifactStorage newStorage() {
        return new InMemoryArtifactStorage();
    }
}
