package io.voyagerota;

import io.voyagerota.internal.Checks;
import io.voyagerota.rollout.RolloutGuard;

import java.time.Duration;

/**
 * Voyager's settings, each with a default. Build from {@link #defaults()} and the {@code with…} methods; every
 * value is validated when set.
 *
 * @param testerTag          devices with this tag are also offered staging releases
 * @param linkTtl            the longest a download link lives (5 minutes by default)
 * @param linkWindow         links are reissued at most once per window and shared by the devices within it
 * @param tickInterval       how often background work runs: sightings flushed, snapshot reloaded, plans advanced
 * @param relayInterval      how often the outbox relay polls
 * @param sightingBuffer     the most device sightings held between flushes; beyond it sightings are dropped
 * @param defaultGuard       the failure guard of rollouts that do not set their own
 */
public record VoyagerConfig(String testerTag, Duration linkTtl, Duration linkWindow, Duration tickInterval,
                            Duration relayInterval, int sightingBuffer, RolloutGuard defaultGuard) {
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
    }

    private static void positive(Duration d, String field) {
        Checks.notNull(d, field);
        if (d.isNegative() || d.isZero() || d.toSeconds() < 1) {
            throw new InvalidInputException(field + " must be at least one second, not " + d);
        }
    }

    public static VoyagerConfig defaults() {
        return new VoyagerConfig("tester", Duration.ofMinutes(5), Duration.ofMinutes(1), Duration.ofSeconds(5),
                Duration.ofSeconds(1), 100_000, RolloutGuard.defaults());
    }

    public VoyagerConfig withTesterTag(String tag) {
        return new VoyagerConfig(tag, linkTtl, linkWindow, tickInterval, relayInterval, sightingBuffer, defaultGuard);
    }

    public VoyagerConfig withLinks(Duration ttl, Duration window) {
        return new VoyagerConfig(testerTag, ttl, window, tickInterval, relayInterval, sightingBuffer, defaultGuard);
    }

    public VoyagerConfig withIntervals(Duration tick, Duration relay) {
        return new VoyagerConfig(testerTag, linkTtl, linkWindow, tick, relay, sightingBuffer, defaultGuard);
    }

    public VoyagerConfig withSightingBuffer(int limit) {
        return new VoyagerConfig(testerTag, linkTtl, linkWindow, tickInterval, relayInterval, limit, defaultGuard);
    }

    public VoyagerConfig withDefaultGuard(RolloutGuard guard) {
        return new VoyagerConfig(testerTag, linkTtl, linkWindow, tickInterval, relayInterval, sightingBuffer, guard);
    }
}
