package io.voyagerota.internal;

import io.voyagerota.catalog.Release;
import io.voyagerota.housekeeping.ArtifactPurge;
import io.voyagerota.housekeeping.HousekeepingConfig;
import io.voyagerota.housekeeping.HousekeepingReport;
import io.voyagerota.housekeeping.PurgeReason;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.CatalogRegistry;
import io.voyagerota.spi.OutboxStore;
import io.voyagerota.spi.StoredObject;
import io.voyagerota.spi.StoredObjectPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One housekeeping run: storage sweeps what interrupted writes left, then every stored artifact is compared with
 * the catalog and those that may go are queued as {@code artifact.purge} outbox events. Nothing is purged here: the
 * relay purges, after checking the catalog once more ({@link ArtifactReferences#holder}).
 *
 * <p>The catalog is read before the listing starts, so an artifact stored while the run pages through is either
 * referenced already or younger than the grace period, and a release restored meanwhile was within its retention.
 */
public final class HousekeepingRun {
    private static final Logger LOG = LoggerFactory.getLogger(HousekeepingRun.class);

    private final ArtifactStorage storage;
    private final CatalogRegistry catalog;
    private final OutboxStore outbox;
    private final InstantSource clock;
    private final HousekeepingConfig config;

    public HousekeepingRun(ArtifactStorage storage, CatalogRegistry catalog, OutboxStore outbox, InstantSource clock,
                           HousekeepingConfig config) {
        this.storage = storage;
        this.catalog = catalog;
        this.outbox = outbox;
        this.clock = clock;
        this.config = config;
    }

    public HousekeepingReport run() {
        Instant started = clock.instant();
        List<String> problems = new ArrayList<>();
        List<String> swept = List.of();
        try {
            swept = storage.sweepLeftovers();
            swept.forEach(s -> LOG.info("housekeeping removed {}", s));
        } catch (IOException | RuntimeException e) {
            problems.add("sweeping interrupted writes failed: " + e.getMessage());
        }
        List<ArtifactPurge> purges = new ArrayList<>();
        long listed = 0;
        try {
            ArtifactReferences references = ArtifactReferences.read(catalog);
            String after = "";
            while (true) {
                StoredObjectPage page = storage.list(after, ArtifactStorage.MAX_PAGE);
                List<OutboxEvent> events = new ArrayList<>();
                for (StoredObject object : page.objects()) {
                    listed++;
                    String key = object.key().value();
                    reason(object, references, started).ifPresent(reason -> {
                        OutboxEvent event = ArtifactEvents.purge(key, reason, started);
                        events.add(event);
                        purges.add(new ArtifactPurge(key, reason, event.id()));
                        LOG.info("housekeeping purges artifact {} ({}) through outbox event {}", key,
                                reason.wireName(), event.id());
                    });
                }
                if (!events.isEmpty()) {
                    outbox.appendIfAbsent(events);
                }
                if (page.next().isEmpty()) {
                    break;
                }
                after = page.next().get();
            }
        } catch (UnsupportedOperationException e) {
            problems.add(e.getMessage());
        } catch (IOException | RuntimeException e) {
            problems.add("listing artifacts failed after " + listed + " of them: " + e.getMessage());
        }
        problems.forEach(p -> LOG.warn("housekeeping: {}", p));
        return new HousekeepingReport(started, clock.instant(), swept, listed, purges, problems);
    }

    private Optional<PurgeReason> reason(StoredObject object, ArtifactReferences references, Instant now) {
        String key = object.key().value();
        if (!references.referenced(key)) {
            boolean old = !object.lastModified().plus(config.unreferencedGrace()).isAfter(now);
            return old ? Optional.of(PurgeReason.UNREFERENCED) : Optional.empty();
        }
        Optional<Release> holder = references.holder(key, now, config.deletedRetention());
        return holder.isEmpty() ? Optional.of(PurgeReason.RETENTION) : Optional.empty();
    }
}
