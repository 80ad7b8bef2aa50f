package io.voyagerota.spi;

import io.voyagerota.catalog.Release;
import io.voyagerota.support.Checks;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.rollout.Rollout;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes to the catalog that must happen together, with the outbox events they cause. A {@link CatalogRegistry}
 * applies a change atomically: all of it or none of it.
 *
 * <p>Each write carries the revision the writer read; 0 means "insert". A stored object gets revision
 * {@code expected + 1}, so the writer knows the new revision without reading it back.
 */
public record CatalogChange(List<ReleaseWrite> releases, List<RolloutWrite> rollouts, List<OutboxEvent> events) {

    /** Insert ({@code expectedRevision == 0}) or update a release read at {@code expectedRevision}. */
    public record ReleaseWrite(Release release, long expectedRevision) {
        public ReleaseWrite {
            Checks.notNull(release, "release");
            Checks.inRange(expectedRevision, 0, Long.MAX_VALUE, "expectedRevision");
        }
    }

    /** Insert ({@code expectedRevision == 0}) or update a rollout read at {@code expectedRevision}. */
    public record RolloutWrite(Rollout rollout, long expectedRevision) {
        public RolloutWrite {
            Checks.notNull(rollout, "rollout");
            Checks.inRange(expectedRevision, 0, Long.MAX_VALUE, "expectedRevision");
        }
    }

    public CatalogChange {
        releases = List.copyOf(Checks.noNulls(releases, "releases"));
        rollouts = List.copyOf(Checks.noNulls(rollouts, "rollouts"));
        events = List.copyOf(Checks.noNulls(events, "events"));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** This change with {@code more} outbox events written in its transaction, after its own. */
    public CatalogChange plusEvents(List<OutboxEvent> more) {
        List<OutboxEvent> all = new ArrayList<>(events);
        all.addAll(Checks.noNulls(more, "more"));
        return new CatalogChange(releases, rollouts, all);
    }

    /** Accumulates the writes of one change. */
    public static final class Builder {
        private final List<ReleaseWrite> releases = new ArrayList<>();
        private final List<RolloutWrite> rollouts = new ArrayList<>();
        private final List<OutboxEvent> events = new ArrayList<>();

        private Builder() {
        }

        /** Writes {@code release}, expecting the store to hold it at {@code release.revision()}. */
        public Builder release(Release release) {
            releases.add(new ReleaseWrite(release, release.revision()));
            return this;
        }

        public Builder rollout(Rollout rollout) {
            rollouts.add(new RolloutWrite(rollout, rollout.revision()));
            return this;
        }

        public Builder event(OutboxEvent event) {
            events.add(event);
            return this;
        }

        public CatalogChange build() {
            return new CatalogChange(releases, rollouts, events);
        }
    }
}
