package io.voyagerota;

import io.voyagerota.catalog.Release;
import io.voyagerota.device.DeviceState;
import io.voyagerota.event.RolloutPaused;
import io.voyagerota.event.RolloutResumed;
import io.voyagerota.event.VoyagerEvent;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutBuckets;
import io.voyagerota.rollout.RolloutEvaluator;
import io.voyagerota.rollout.RolloutPlan;
import io.voyagerota.rollout.RolloutProgress;
import io.voyagerota.rollout.RolloutStats;
import io.voyagerota.rollout.RolloutTarget;
import io.voyagerota.spi.CatalogChange;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Rollouts of production releases: widen, pause, resume, and their per-device outcome figures. */
public final class Rollouts {
    private static final int ATTEMPTS = 5;
    private static final int PAGE = 1000;
    private final Voyager voyager;
    private final Map<String, DeviceCount> deviceCounts = new ConcurrentHashMap<>();

    Rollouts(Voyager voyager) {
        this.voyager = voyager;
    }

    public Rollout get(String rolloutId) {
        return voyager.registry().catalog().findRollout(rolloutId)
                .orElseThrow(() -> new NotFoundException("rollout", rolloutId));
    }

    /** The current rollout of a release. */
    public Rollout ofRelease(String releaseId) {
        String productId = voyager.releases().get(releaseId).productId();
        return voyager.snapshot().rolloutOf(productId, releaseId)
                .orElseThrow(() -> new NotFoundException("rollout of release", releaseId));
    }

    public List<Rollout> list(String productId) {
        voyager.products().get(productId);
        return voyager.registry().catalog().rollouts(productId);
    }

    public RolloutStats stats(String rolloutId) {
        get(rolloutId);
        return voyager.registry().fleet().stats(rolloutId);
    }

    /**
     * How far a rollout has come: its outcome counters, and how many of the product's known devices its target
     * covers and already run its release (see {@link RolloutProgress}); a tag target goes by the device directory's
     * tags ({@link Devices#tags}). The device count reads every known device of the product, a page at a time (about
     * 4 s for a million devices on PostgreSQL), so a count that took long is reused for a while unless the
     * rollout changed meanwhile (see {@link DeviceCount#reusable}); the outcome counters are read on every call. An
     * operator's query, never one for the update path.
     */
    public RolloutProgress progress(String rolloutId) {
        Rollout rollout = get(rolloutId);
        Release release = voyager.releases().get(rollout.releaseId());
        DeviceCount count = deviceCounts.get(rolloutId);
        if (count == null || !count.reusable(rollout.revision(), System.nanoTime())) {
            count = countDevices(rollout, release);
            deviceCounts.put(rolloutId, count);
        }
        return RolloutProgress.of(rollout, release.version(), count.eligible(), count.updated(), count.countedAt(),
                voyager.registry().fleet().stats(rolloutId));
    }

    private DeviceCount countDevices(Rollout rollout, Release release) {
        Instant countedAt = voyager.now();
        long started = System.nanoTime();
        long saltState = RolloutBuckets.saltState(rollout.salt());
        long eligible = 0;
        long updated = 0;
        String after = "";
        while (true) {
            List<DeviceState> page = voyager.registry().fleet().devices(rollout.productId(), after, PAGE);
            for (DeviceState d : page) {
                // A device heard of only through its reports has no model yet: it fits a release for every model.
                boolean fits = d.model().map(release::fits).orElse(release.compatibleModels().isEmpty());
                if (fits && rollout.targets(d.deviceId(), voyager.devices().tags(d.deviceId()), saltState)) {
                    eligible++;
                    if (d.currentVersion().equals(release.version())) {
                        updated++;
                    }
                }
            }
            if (page.size() < PAGE) {
                return new DeviceCount(rollout.revision(), countedAt, started, System.nanoTime() - started, eligible,
                        updated);
            }
            after = page.get(page.size() - 1).deviceId();
        }
    }

    /** Admits more devices, keeping every device already admitted, and nudges the newly admitted ones. */
    public Rollout widen(String rolloutId, RolloutTarget wider) {
        Rollout current = get(rolloutId);
        Instant now = voyager.now();
        Rollout next = current.widen(wider, now);
        voyager.commit(CatalogChange.builder().rollout(next)
                .event(Releases.triggerEvent(current.productId(), "rollout " + rolloutId + " widened", now)).build());
        return next.atRevision(current.revision() + 1);
    }

    /**
     * Replaces the stages still to come of a staged rollout (see {@link Rollout#replan}); who is admitted now does
     * not change, so no device is nudged.
     */
    public Rollout replan(String rolloutId, RolloutPlan plan) {
        Rollout current = get(rolloutId);
        Rollout next = current.replan(plan, voyager.now());
        voyager.commit(CatalogChange.builder().rollout(next).build());
        return next.atRevision(current.revision() + 1);
    }

    /** Stops offering the release; survives restarts because it is stored. */
    public Rollout pause(String rolloutId, String reason) {
        Instant now = voyager.now();
        return update(rolloutId, r -> r.pause(reason, now), r -> Optional.empty(),
                r -> new RolloutPaused(rolloutId, r.releaseId(), reason, false, now));
    }

    /** Offers the release again, and nudges the devices the rollout admits. */
    public Rollout resume(String rolloutId) {
        Instant now = voyager.now();
        return update(rolloutId, r -> r.resume(now), r -> Optional.of(Releases.triggerEvent(
                r.productId(), "rollout " + rolloutId + " resumed", now)),
                r -> new RolloutResumed(rolloutId, r.releaseId(), now));
    }

    /**
     * Advances every staged rollout whose current stage has soaked and whose devices admitted by that stage are
     * enough, with a good enough success rate.
     */
    void advanceDue() {
        for (var product : voyager.registry().catalog().products()) {
            for (Rollout r : voyager.registry().catalog().rollouts(product.id())) {
                if (r.plan().isEmpty()) {
                    continue;
                }
                var plan = r.plan().get();
                RolloutStats stage = voyager.registry().fleet().stats(r.id(), plan.fromBucket(r.stage()),
                        plan.toBucket(r.stage()));
                RolloutEvaluator.Verdict verdict = RolloutEvaluator.onTick(r, stage, voyager.now());
                verdict.changed().ifPresent(next -> {
                    try {
                        voyager.commit(CatalogChange.builder().rollout(next).event(Releases.triggerEvent(
                                next.productId(), "rollout " + next.id() + " advanced", voyager.now())).build(),
                                verdict.events());
                    } catch (ConcurrentUpdateException e) {
                        // someone changed it meanwhile (paused it, say); the next tick looks again
                    }
                });
            }
        }
    }

    /** Applies an evaluation verdict after an outcome, re-reading and retrying on concurrent changes. */
    void afterOutcome(String rolloutId, RolloutStats before, RolloutStats after, RolloutEvaluator.Windows windows,
                      boolean failed, long failedInBurst) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Rollout current = get(rolloutId);
            RolloutEvaluator.Verdict verdict = RolloutEvaluator.afterOutcome(current, before, after, windows,
                    failed, failedInBurst, voyager.now());
            if (verdict.changed().isEmpty()) {
                verdict.events().forEach(voyager::publish); // alerts only: no change to carry them
                return;
            }
            try {
                voyager.commit(CatalogChange.builder().rollout(verdict.changed().get()).build(), verdict.events());
            } catch (ConcurrentUpdateException e) {
                continue;
            }
            return;
        }
    }

    /**
     * Commits {@code change}, with the outbox event {@code event} gives for it, if any, and tells the listeners
     * what {@code told} says of it.
     */
    private Rollout update(String rolloutId, UnaryOperator<Rollout> change,
                           Function<Rollout, Optional<OutboxEvent>> event, Function<Rollout, VoyagerEvent> told) {
        for (int attempt = 1; ; attempt++) {
            Rollout current = get(rolloutId);
            Rollout next = change.apply(current);
            CatalogChange.Builder commit = CatalogChange.builder().rollout(next);
            event.apply(next).ifPresent(commit::event);
            try {
                voyager.commit(commit.build(), List.of(told.apply(next)));
                return next.atRevision(current.revision() + 1);
            } catch (ConcurrentUpdateException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
