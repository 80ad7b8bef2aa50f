package io.voyagerota.testkit;

import io.voyagerota.spi.Registry;
import org.junit.jupiter.api.Nested;

/**
 * The tests every {@link Registry} adapter must pass: one or more per clause of the contracts of
 * {@link io.voyagerota.spi.CatalogRegistry}, {@link io.voyagerota.spi.FleetRegistry}, {@link io.voyagerota.spi.FleetStatistics} and
 * {@link io.voyagerota.spi.DirectoryStore}. Extend it, implement {@link #newRegistry()}, and run it like any JUnit
 * Jupiter test class; each group below is a kit of its own that can also be extended alone.
 *
 * <p>The kit assumes nothing beyond the contracts: records are compared by value, never by identity, and every
 * instant is a whole millisecond, since databases may keep only microseconds.
 */
public abstract class RegistryCompatibilityKit {

    /** A fresh, empty registry; called before every test. */
    protected abstract Registry newRegistry();

    @Nested
    class Catalog extends CatalogRegistryCompatibilityKit {
        @Override
        protected Registry newRegistry() {
            return RegistryCompatibilityKit.this.newRegistry();
        }
    }

    @Nested
    class Versions extends ReleaseVersionCompatibilityKit {
        @Override
        protected Registry newRegistry() {
            return RegistryCompatibilityKit.this.newRegistry();
        }
    }

    @Nested
    class Fidelity extends CatalogFidelityCompatibilityKit {
        @Override
        protected Registry newRegistry() {
            return RegistryCompatibilityKit.this.newRegistry();
        }
    }

    @Nested
    class Fleet extends FleetRegistryCompatibilityKit {
        @Override
        protected Registry newRegistry() {
            return RegistryCompatibilityKit.this.newRegistry();
        }
    }

    @Nested
    class Statistics extends FleetStatisticsCompatibilityKit {
        @Override
        protected Registry newRegistry() {
            return RegistryCompatibilityKit.this.newRegistry();
        }
    }

    @Nested
    class StatisticsEdges extends FleetStatisticsEdgeCompatibilityKit {
        @Override
        protected Registry newRegistry() {
            return RegistryCompatibilityKit.this.newRegistry();
        }
    }

    @Nested
    class Concurrency extends RegistryConcurrencyCompatibilityKit {
        @Override
        protected Registry newRegistry() {
            return RegistryCompatibilityKit.this.newRegistry();
        }
    }

    @Nested
    class Directory extends DirectoryStoreCompatibilityKit {
        @Override
        protected Registry newRegistry() {
            return RegistryCompatibilityKit.this.newRegistry();
        }
    }

    @Nested
    class DirectoryConcurrency extends DirectoryConcurrencyCompatibilityKit {
        @Override
        protected Registry newRegistry() {
            return RegistryCompatibilityKit.this.newRegistry();
        }
    }
}
