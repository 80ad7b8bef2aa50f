package io.voyagerota;

import io.voyagerota.catalog.Release;
import io.voyagerota.housekeeping.HousekeepingConfig;
import io.voyagerota.housekeeping.HousekeepingReport;
import io.voyagerota.internal.ArtifactReferences;
import io.voyagerota.internal.HousekeepingRun;
import io.voyagerota.spi.ArtifactKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Housekeeping of artifact storage: sweeps what interrupted writes left behind (multipart uploads of killed
 * processes, temporary files), and purges artifacts no release references once they are older than the grace
 * period, and those of releases deleted longer ago than the retention. Every purge is an {@code artifact.purge}
 * outbox event, so it is logged, visible in the outbox, and retried until storage confirms it.
 *
 * <p>{@link Voyager#start()} runs it at start and then every {@link HousekeepingConfig#interval()} when it is
 * enabled. Several nodes may run it at once: their purge events of one day share ids, and the sweeps leave work other
 * nodes have in flight alone.
 */
public final class Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

    private final Voyager voyager;
    private final HousekeepingConfig config;
    private final AtomicReference<HousekeepingReport> last = new AtomicReference<>();

    Housekeeping(Voyager voyager, HousekeepingConfig config) {
        this.voyager = voyager;
        this.config = config;
    }

    public HousekeepingConfig config() {
        return config;
    }

    /** Runs now, on the calling thread; runs on one node do not overlap. */
    public synchronized HousekeepingReport run() {
        HousekeepingReport report = new HousekeepingRun(voyager.storage(), voyager.registry().catalog(),
                voyager.registry().outbox(), voyager.clock(), config).run();
        last.set(report);
        return report;
    }

    /** The latest run on this node, if it ran. */
    public Optional<HousekeepingReport> lastReport() {
        return Optional.ofNullable(last.get());
    }

    /** Refuses to restore a release whose artifact housekeeping may already have purged. */
    void checkRestorable(Release release) {
        if (release.artifact().isPresent()
                && ArtifactReferences.pastRetention(release, voyager.now(), config.deletedRetention())) {
            throw new ConflictException("release " + release.id() + " was deleted at " + release.updatedAt()
                    + ", longer ago than the retention of " + config.deletedRetention() + "; its artifact is purged"
                    + " or being purged. Create a new release and upload the image again");
        }
    }

    /** The {@code artifact.purge} handler: purges unless a release still needs the artifact. */
    void purge(ArtifactKey key, String reason) throws IOException {
        Optional<Release> holder = ArtifactReferences.read(voyager.registry().catalog())
                .holder(key.value(), voyager.now(), config.deletedRetention());
        if (holder.isPresent()) {
            LOG.warn("not purging artifact {} ({}): release {} still references it", key.value(), reason,
                    holder.get().id());
            return;
        }
        if (voyager.storage().purge(key)) {
            LOG.info("purged artifact {} ({})", key.value(), reason);
        }
    }
}
