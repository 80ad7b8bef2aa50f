package io.voyagerota.spi;

/**
 * The metadata store: catalog, fleet, outbox, device directory and fleet statistics behind one object, because a catalog change and
 * the outbox events it causes must be written in the same transaction. An adapter (in memory, JDBC) implements all
 * the views over one store.
 */
public interface Registry {
    CatalogRegistry catalog();

    FleetRegistry fleet();

    OutboxStore outbox();

    /** Device credentials (hashed) and server-side device tags. */
    DirectoryStore directory();

    /** Fleet statistics by product, computed by the store. */
    FleetStatistics statistics();
}
