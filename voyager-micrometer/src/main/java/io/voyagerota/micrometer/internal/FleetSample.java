package io.voyagerota.micrometer.internal;

import io.voyagerota.Voyager;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseState;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutState;
import io.voyagerota.rollout.RolloutStats;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the gauges show, read from the registry in one go: the outbox's counts and its oldest pending event, and
 * the rollouts of releases in production with their outcome counters. Gauges read the latest sample, never the
 * database.
 *
 * @param outbox           events per state
 * @param oldestPendingAge how long the oldest PENDING event has waited; zero when none waits
 * @param rolloutStates    rollouts of releases in production, per state
 * @param rollouts         those rollouts, with their product, version and outcomes
 */
public record FleetSample(Map<OutboxState, Long> outbox, Duration oldestPendingAge,
                          Map<RolloutState, Long> rolloutStates, List<RolloutSample> rollouts) {
    /** Nothing read yet. */
    public static final FleetSample EMPTY = new FleetSample(Map.of(), Duration.ZERO, Map.of(), List.of());

    /** One rollout as the gauges show it. */
    public record RolloutSample(String product, String version, RolloutState state, RolloutStats stats) {
    }

    public FleetSample {
        outbox = Map.copyOf(outbox);
        rolloutStates = Map.copyOf(rolloutStates);
        rollouts = List.copyOf(rollouts);
    }

    /** Reads a sample: a few queries for the outbox, and two per product and one per rollout in production. */
    public static FleetSample read(Voyager voyager) {
        Instant now = voyager.clock().instant();
        Map<OutboxState, Long> outbox = new EnumMap<>(OutboxState.class);
        for (OutboxState s : OutboxState.values()) {
            outbox.put(s, 0L);
        }
        outbox.putAll(voyager.outbox().counts());
        List<OutboxEvent> oldest = voyager.registry().outbox().list(OutboxState.PENDING, 1);
        Duration age = oldest.isEmpty() ? Duration.ZERO : Duration.between(oldest.get(0).createdAt(), now);
        Map<RolloutState, Long> states = new EnumMap<>(RolloutState.class);
        for (RolloutState s : RolloutState.values()) {
            states.put(s, 0L);
        }
        List<RolloutSample> rollouts = new ArrayList<>();
        for (Product product : voyager.products().list()) {
            for (Rollout r : voyager.rollouts().list(product.id())) {
                Release release = voyager.releases().get(r.releaseId());
                if (release.state() != ReleaseState.PRODUCTION) {
                    continue;
                }
                states.merge(r.state(), 1L, Long::sum);
                rollouts.add(new RolloutSample(product.id(), release.version().toString(), r.state(),
                        voyager.registry().fleet().stats(r.id())));
            }
        }
        return new FleetSample(outbox, age.isNegative() ? Duration.ZERO : age, states, rollouts);
    }
}
