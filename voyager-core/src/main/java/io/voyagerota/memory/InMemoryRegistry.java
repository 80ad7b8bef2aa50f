package io.voyagerota.memory;

import io.voyagerota.spi.CatalogRegistry;
import io.voyagerota.spi.DirectoryStore;
import io.voyagerota.spi.FleetRegistry;
import io.voyagerota.spi.FleetStatistics;
import io.voyagerota.spi.OutboxStore;
import io.voyagerota.spi.Registry;

/**
 * A registry held in memory: for tests, demos and hosts that rebuild their catalog at start. Catalog changes and
 * their outbox events are applied under one lock, which is what "the same transaction" means here.
 */
public final class InMemoryRegistry implements Registry {
    private final InMemoryOutboxStore outbox = new InMemoryOutboxStore();
    private final InMemoryCatalog catalog = new InMemoryCatalog(outbox);
    private final InMemoryFleet fleet = new InMemoryFleet();
    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final InMemoryFleetStatistics statistics = new InMemoryFleetStatistics(fleet);

    @Override
    public CatalogRegistry catalog() {
        return catalog;
    }

    @Override
    public FleetRegistry fleet() {
        return fleet;
    }

    @Override
    public OutboxStore outbox() {
        return outbox;
    }

    @Override
    public DirectoryStore directory() {
        return directory;
    }

    @Override
    public FleetStatistics statistics() {
        return statistics;
    }
}
