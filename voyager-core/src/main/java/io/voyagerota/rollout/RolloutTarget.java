package io.voyagerota.rollout;

import io.voyagerota.InvalidInputException;
import io.voyagerota.support.Checks;

import java.util.Set;

/** Which devices a rollout admits: all, a percentage by consistent hash, devices with a tag, or a list of ids. */
public sealed interface RolloutTarget {

    /** Every device. */
    record All() implements RolloutTarget {
    }

    /** Devices whose {@link RolloutBuckets bucket} is below {@code basisPoints} (1% = 100, 100% = 10000). */
    record Percentage(int basisPoints) implements RolloutTarget {
        public Percentage {
            Checks.inRange(basisPoints, 0, RolloutBuckets.BUCKETS, "rollout percentage in basis points");
        }
    }

    /** Devices carrying at least one of the tags (beta groups, cohorts). */
    record Tags(Set<String> tags) implements RolloutTarget {
        public Tags {
            tags = Set.copyOf(Checks.noNulls(tags, "tags"));
            if (tags.isEmpty()) {
                throw new InvalidInputException("a tag rollout needs at least one tag");
            }
        }
    }

    /** Exactly these device ids (a manual list). */
    record Devices(Set<String> deviceIds) implements RolloutTarget {
        public Devices {
            deviceIds = Set.copyOf(Checks.noNulls(deviceIds, "deviceIds"));
            if (deviceIds.isEmpty()) {
                throw new InvalidInputException("a device-list rollout needs at least one device id");
            }
        }
    }

    static RolloutTarget all() {
        return new All();
    }

    /** A whole-number percentage, 0 to 100. */
    static RolloutTarget percent(int percent) {
        Checks.inRange(percent, 0, 100, "rollout percentage");
        return new Percentage(percent * 100);
    }

    static RolloutTarget tags(String... tags) {
        return new Tags(Set.of(tags));
    }

    static RolloutTarget devices(String... ids) {
        return new Devices(Set.of(ids));
    }

    /**
     * Whether {@code wider} keeps every device this target admits: a higher percentage, a superset of tags or ids,
     * or everyone.
     */
    default boolean isWidenedBy(RolloutTarget wider) {
        if (wider instanceof All) {
            return true;
        }
        if (this instanceof Percentage p && wider instanceof Percentage w) {
            return w.basisPoints() >= p.basisPoints();
        }
        if (this instanceof Tags t && wider instanceof Tags w) {
            return w.tags().containsAll(t.tags());
        }
        if (this instanceof Devices d && wider instanceof Devices w) {
            return w.deviceIds().containsAll(d.deviceIds());
        }
        return false;
    }
}
