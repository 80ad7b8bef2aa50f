package io.voyagerota.housekeeping;

import io.voyagerota.InvalidInputException;
import io.voyagerota.support.Checks;

import java.time.Duration;

/**
 * When housekeeping runs and what it may purge. Build from {@link #defaults()} and the {@code with…} methods.
 *
 * @param enabled           whether {@link io.voyagerota.Voyager#start()} runs it (at start, then every interval);
 *                          a run can always be asked for explicitly
 * @param interval          time between runs (1 hour by default)
 * @param unreferencedGrace how old an artifact no release references must be before it is purged (24 hours): longer
 *                          than any upload takes from its first byte to the catalog commit
 * @param deletedRetention  how long a deleted release stays restorable (30 days); after it its artifact is purged and
 *                          restoring the release is refused
 */
public record HousekeepingConfig(boolean enabled, Duration interval, Duration unreferencedGrace,
                                 Duration deletedRetention) {
    /** The shortest interval: each run lists the whole store. */
    public static final Duration MIN_INTERVAL = Duration.ofMinutes(1);
    /** The shortest grace: an upload in progress must never look unreferenced. */
    public static final Duration MIN_GRACE = Duration.ofHours(1);
    /** The shortest retention. */
    public static final Duration MIN_RETENTION = Duration.ofHours(1);

    public HousekeepingConfig {
        atLeast(interval, MIN_INTERVAL, "interval");
        atLeast(unreferencedGrace, MIN_GRACE, "unreferencedGrace");
        atLeast(deletedRetention, MIN_RETENTION, "deletedRetention");
    }

    private static void atLeast(Duration d, Duration min, String field) {
        Checks.notNull(d, field);
        if (d.compareTo(min) < 0) {
            throw new InvalidInputException("housekeeping " + field + " must be at least " + min + ", not " + d);
        }
    }

    public static HousekeepingConfig defaults() {
        return new HousekeepingConfig(true, Duration.ofHours(1), Duration.ofHours(24), Duration.ofDays(30));
    }

    public HousekeepingConfig withEnabled(boolean on) {
        return new HousekeepingConfig(on, interval, unreferencedGrace, deletedRetention);
    }

    public HousekeepingConfig withInterval(Duration every) {
        return new HousekeepingConfig(enabled, every, unreferencedGrace, deletedRetention);
    }

    public HousekeepingConfig withUnreferencedGrace(Duration grace) {
        return new HousekeepingConfig(enabled, interval, grace, deletedRetention);
    }

    public HousekeepingConfig withDeletedRetention(Duration retention) {
        return new HousekeepingConfig(enabled, interval, unreferencedGrace, retention);
    }
}
