package io.voyagerota;

import io.voyagerota.support.Checks;
import io.voyagerota.rollout.RolloutGuard;

import java.time.Duration;

/**
 * Voyager's settings, each with a default. Build from {@link #defaults()} and the {@code with…} methods; every
 * value is validated when set.
 *
 * @param testerTag       devices with this tag are also offered staging releases
 * @param linkTtl         the longest a download link lives (5 minutes by default)
 * @param linkWindow      links are reissued at most once per window and shared by the devices within it
 * @param tickInterval    how often background work runs: sightings flushed, staged rollouts advanced (5 s)
 * @param relayInterval   how often an idle outbox relay polls (1 s); a relay that found work polls again at once
 * @param sightingBuffer  the most device sightings held between flushes; beyond it sightings are dropped
 * @param defaultGuard    the failure guard of rollouts that do not set their own
 * @param refreshInterval how often the catalog watch asks whether another node changed the catalog or the device
 *                        directory (one cheap query each) and reloads what changed (500 ms by default), so that a
 *                        change made on another node, a revocation say, is in force here within about this long;
 *                        it runs on its own thread, so a long fan-out or a slow flush never delays it
 * @param fanoutWorkers   how many threads deliver fan-out chunks, beside the relay of all other events (2)
 * @param fanoutLease     how long a fan-out relay holds the trigger or chunk it claimed (1 minute): when a node dies
 *                        mid-chunk, the chunk waits this long before another node takes it over. It must cover a
 *                        chunk's delivery: at most 1,000 devices decided in about a second, plus the notifier's pace
 *                        for those with an offer (MQTT sends 100 triggers a second per node by default, shared by
 *                        its fan-out workers: up to 20 s a chunk). A chunk that overruns it is delivered again by
 *                        another relay, and one that overruns it every time ends FAILED
 */
public record VoyagerConfig(String testerTag, Duration linkTtl, Duration linkWindow, Duration tickInterval,
                            Duration relayInterval, int sightingBuffer, RolloutGuard defaultGuard,
                            Duration refreshInterval, int fanoutWorkers, Duration fanoutLease) {
    /** The shortest catalog watch interval: each round is two queries, so faster only loads the database. */
    public static final Duration MIN_REFRESH_INTERVAL = Duration.ofMillis(10);
    /** The most fan-out threads. */
    public static final int MAX_FANOUT_WORKERS = 64;
    /** The shortest fan-out lease: a chunk must be delivered well within it, or two nodes deliver it. */
    public static final Duration MIN_FANOUT_LEASE = Duration.ofSeconds(1);
    /** The longest fan-out lease: longer only delays the devices of a chunk whose node died. */
    public static final Duration MAX_FANOUT_LEASE = Duration.ofHours(1);

    public VoyagerConfig {
        Checks.notNull(testerTag, "testerTag");
        positive(linkTtl, "linkTtl");
        positive(linkWindow, "linkWindow");
        if (linkWindow.compareTo(linkTtl) > 0) {
            throw new InvalidInputException("linkWindow " + linkWindow + " must not exceed linkTtl " + linkTtl);
        }
        positive(tickInterval, "tickInterval");
        positive(relayInterval, "relayInterval");
        Checks.inRange(sightingBuffer, 0, 10_000_000, "sightingBuffer");
        Checks.notNull(defaultGuard, "defaultGuard");
        Checks.notNull(refreshInterval, "refreshInterval");
        if (refreshInterval.compareTo(MIN_REFRESH_INTERVAL) < 0 || refreshInterval.compareTo(tickInterval) > 0) {
            throw new InvalidInputException("refreshInterval must be between " + MIN_REFRESH_INTERVAL.toMillis()
                    + " ms and tickInterval (" + tickInterval + "), not " + refreshInterval + "; catalog changes"
                    + " made on other nodes take up to this long to be in force here");
        }
        Checks.inRange(fanoutWorkers, 1, MAX_FANOUT_WORKERS, "fanoutWorkers");
        Checks.notNull(fanoutLease, "fanoutLease");
        if (fanoutLease.compareTo(MIN_FANOUT_LEASE) < 0 || fanoutLease.compareTo(MAX_FANOUT_LEASE) > 0) {
            throw new InvalidInputException("fanoutLease must be between 1 s and 1 h, not " + fanoutLease + "; a"
                    + " fan-out chunk must be delivered within it, and a chunk whose node died waits this long");
        }
    }

    private static void positive(Duration d, String field) {
        Checks.notNull(d, field);
        if (d.isNegative() || d.isZero() || d.toSeconds() < 1) {
            throw new InvalidInputException(field + " must be at least one second, not " + d);
        }
    }

    public static VoyagerConfig defaults() {
        return new VoyagerConfig("tester", Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofSeconds(5),
                Duration.ofSeconds(1), 100_000, RolloutGuard.defaults(), Duration.ofMillis(500), 2,
                Duration.ofMinutes(1));
    }

    public VoyagerConfig withTesterTag(String tag) {
        return new VoyagerConfig(tag, linkTtl, linkWindow, tickInterval, relayInterval, sightingBuffer, defaultGuard,
                refreshInterval, fanoutWorkers, fanoutLease);
    }

    public VoyagerConfig withLinks(Duration ttl, Duration window) {
        return new VoyagerConfig(testerTag, ttl, window, tickInterval, relayInterval, sightingBuffer, defaultGuard,
                refreshInterval, fanoutWorkers, fanoutLease);
    }

    /**
     * The tick and relay intervals. The catalog watch keeps its interval unless it would exceed the new tick
     * interval, in which case it takes the tick interval.
     */
    public VoyagerConfig withIntervals(Duration tick, Duration relay) {
        Duration refresh = tick != null && refreshInterval.compareTo(tick) > 0 ? tick : refreshInterval;
        return new VoyagerConfig(testerTag, linkTtl, linkWindow, tick, relay, sightingBuffer, defaultGuard, refresh,
                fanoutWorkers, fanoutLease);
    }

    public VoyagerConfig withSightingBuffer(int limit) {
        return new VoyagerConfig(testerTag, linkTtl, linkWindow, tickInterval, relayInterval, limit, defaultGuard,
                refreshInterval, fanoutWorkers, fanoutLease);
    }

    public VoyagerConfig withDefaultGuard(RolloutGuard guard) {
        return new VoyagerConfig(testerTag, linkTtl, linkWindow, tickInterval, relayInterval, sightingBuffer, guard,
                refreshInterval, fanoutWorkers, fanoutLease);
    }

    /** How often the catalog watch looks for changes made on other nodes; 10 ms up to the tick interval. */
    public VoyagerConfig withRefreshInterval(Duration interval) {
        return new VoyagerConfig(testerTag, linkTtl, linkWindow, tickInterval, relayInterval, sightingBuffer,
                defaultGuard, interval, fanoutWorkers, fanoutLease);
    }

    /** How many threads deliver fan-out chunks; 1 to {@value #MAX_FANOUT_WORKERS}. */
    public VoyagerConfig withFanoutWorkers(int workers) {
        return new VoyagerConfig(testerTag, linkTtl, linkWindow, tickInterval, relayInterval, sightingBuffer,
                defaultGuard, refreshInterval, workers, fanoutLease);
    }

    /** How long a fan-out relay holds the trigger or chunk it claimed; 1 s to 1 h. */
    public VoyagerConfig withFanoutLease(Duration lease) {
        return new VoyagerConfig(testerTag, linkTtl, linkWindow, tickInterval, relayInterval, sightingBuffer,
                defaultGuard, refreshInterval, fanoutWorkers, lease);
    }
}
