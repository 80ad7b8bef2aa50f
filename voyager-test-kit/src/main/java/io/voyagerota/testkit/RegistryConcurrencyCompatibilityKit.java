package io.voyagerota.testkit;

import io.voyagerota.ConcurrentUpdateException;
import io.voyagerota.catalog.NonMonotonicVersionException;
import io.voyagerota.catalog.Release;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.ReportAttribution;
import io.voyagerota.device.DeviceSighting;
import io.voyagerota.device.DeviceState;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutStats;
import io.voyagerota.rollout.RolloutTarget;
import io.voyagerota.spi.CatalogChange;
import io.voyagerota.spi.CatalogRegistry;
import io.voyagerota.spi.FleetRegistry;
import io.voyagerota.spi.Registry;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import static io.voyagerota.testkit.RegistryFixtures.MODEL;
import static io.voyagerota.testkit.RegistryFixtures.PRODUCT;
import static io.voyagerota.testkit.RegistryFixtures.T0;
import static io.voyagerota.testkit.RegistryFixtures.catalogFor;
import static io.voyagerota.testkit.RegistryFixtures.draft;
import static io.voyagerota.testkit.RegistryFixtures.event;
import static io.voyagerota.testkit.RegistryFixtures.insert;
import static io.voyagerota.testkit.RegistryFixtures.product;
import static io.voyagerota.testkit.RegistryFixtures.report;
import static io.voyagerota.testkit.RegistryFixtures.rollout;
import static io.voyagerota.testkit.RegistryFixtures.stored;
import static io.voyagerota.testkit.RegistryFixtures.versions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writers racing on one registry: optimistic revisions, the atomic monotonic-version check and idempotent,
 * atomic reports. Every race starts its threads together at a barrier and repeats, so that a check done outside
 * the write's transaction shows. Part of {@link RegistryCompatibilityKit}.
 */
public abstract class RegistryConcurrencyCompatibilityKit {
    private static final int THREADS = 8;
    private static final int ROUNDS = 20;
    private static final Duration LATER = Duration.ofHours(1);

    protected Registry registry;
    protected CatalogRegistry catalog;
    protected FleetRegistry fleet;
    private ExecutorService pool;

    /** A fresh, empty registry; called before every test. */
    protected abstract Registry newRegistry();

    @BeforeEach
    void createRegistry() {
        registry = newRegistry();
        catalog = registry.catalog();
        fleet = registry.fleet();
        catalogFor(catalog, "ro");
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "racing threads stopped");
    }

    /** What one racer got: its result, or what it threw. */
    private record Outcome<T>(T value, Throwable error) {
        boolean won() {
            return error == null;
        }
    }

    /** Runs {@code tasks} at once, released together by a barrier, and returns their outcomes in task order. */
    private <T> List<Outcome<T>> race(int count, IntFunction<Callable<T>> tasks) throws Exception {
        CyclicBarrier start = new CyclicBarrier(count);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Callable<T> task = tasks.apply(i);
            futures.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return task.call();
            }));
        }
        List<Outcome<T>> outcomes = new ArrayList<>();
        for (Future<T> future : futures) {
            try {
                outcomes.add(new Outcome<>(future.get(30, TimeUnit.SECONDS), null));
            } catch (ExecutionException e) {
                outcomes.add(new Outcome<>(null, e.getCause()));
            }
        }
        return outcomes;
    }

    private static void assertLosersGot(Class<? extends Throwable> expected, List<? extends Outcome<?>> outcomes) {
        for (Outcome<?> o : outcomes) {
            if (!o.won() && !expected.isInstance(o.error())) {
                throw new AssertionError("a racer failed with " + o.error() + " instead of " + expected.getName(),
                        o.error());
            }
        }
    }

    /** The racers' results, failing the test if any of them threw. */
    private static <T> List<T> values(List<Outcome<T>> outcomes) {
        List<T> values = new ArrayList<>();
        for (Outcome<T> o : outcomes) {
            if (!o.won()) {
                throw new AssertionError("a racer threw " + o.error(), o.error());
            }
            values.add(o.value());
        }
        return values;
    }

    @Test
    @Timeout(60)
    void ofConcurrentUpdatesOfOneObjectExactlyOneWins() throws Exception {
        Release release = insert(catalog, draft(PRODUCT, "2.0.0"));
        Rollout rollout = insert(catalog, rollout(release, RolloutTarget.percent(1)));
        for (int round = 0; round < ROUNDS; round++) {
            Release r = stored(catalog, release);
            Rollout o = stored(catalog, rollout);
            List<CatalogChange> changes = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                // Each racer's write differs (updatedAt, reason), so the stored value names the winner.
                Instant at = T0.plusSeconds(round).plusMillis(i);
                CatalogChange.Builder change = CatalogChange.builder().event(event("round-" + round + "-" + i));
                switch (round % 4) {
                    case 0 -> change.release(r.delete(at));
                    case 1 -> change.rollout(o.pause("racer " + i, at));
                    case 2 -> change.release(r.restore(at));
                    default -> change.rollout(o.resume(at));
                }
                changes.add(change.build());
            }
            List<Outcome<Void>> outcomes = race(THREADS, i -> () -> {
                catalog.commit(changes.get(i));
                return null;
            });
            assertLosersGot(ConcurrentUpdateException.class, outcomes);
            List<Integer> winners = IntStream.range(0, THREADS).filter(i -> outcomes.get(i).won()).boxed().toList();
            assertEquals(1, winners.size(), "round " + round + ": winners " + winners);
            int winner = winners.get(0);
            CatalogChange won = changes.get(winner);
            if (won.releases().isEmpty()) {
                assertEquals(won.rollouts().get(0).rollout().atRevision(o.revision() + 1), stored(catalog, rollout));
            } else {
                assertEquals(won.releases().get(0).release().atRevision(r.revision() + 1), stored(catalog, release));
            }
            for (int i = 0; i < THREADS; i++) {
                OutboxEvent e = changes.get(i).events().get(0);
                assertEquals(i == winner, registry.outbox().find(e.id()).isPresent(), "event of racer " + i);
            }
        }
    }

    /**
     * Racing inserts into one product never accept a version that is not newer than one accepted before it. The
     * commit order of racers cannot be observed, so most racers insert versions equal by precedence (including
     * build-metadata twins): of those at most one may be accepted whatever the order, and the first of the newest
     * group is always accepted. A rejection must be justified by an accepted version at least as new.
     */
    @Test
    @Timeout(60)
    void racingInsertsKeepVersionsMonotonic() throws Exception {
        List<String> candidates = List.of("2.0.0", "2.0.0", "2.0.0+b", "2.0.0+c", "1.5.0", "1.5.0+x", "1.9.9",
                "2.0.0-rc.1");
        Version newest = Version.parse("2.0.0");
        for (int round = 0; round < ROUNDS; round++) {
            String product = "race-" + round;
            catalog.insertProduct(product(product));
            Release base = insert(catalog, draft(product, "1.0.0"));
            List<Release> drafts = candidates.stream().map(v -> draft(product, v)).toList();
            List<Outcome<Release>> outcomes = race(THREADS, i -> () -> insert(catalog, drafts.get(i)));
            assertLosersGot(NonMonotonicVersionException.class, outcomes);

            List<Version> accepted = outcomes.stream().filter(Outcome::won).map(o -> o.value().version()).toList();
            assertEquals(accepted.size(), accepted.stream().distinct().count(),
                    "round " + round + ": equal versions both accepted: " + accepted);
            assertEquals(1, accepted.stream().filter(newest::equals).count(),
                    "round " + round + ": exactly one of the newest versions is accepted: " + accepted);
            for (int i = 0; i < THREADS; i++) {
                Version v = drafts.get(i).version();
                if (!outcomes.get(i).won()) {
                    assertTrue(accepted.stream().anyMatch(a -> a.compareTo(v) >= 0),
                            "round " + round + ": " + v + " rejected though only " + accepted + " were accepted");
                }
            }
            List<String> expected = new ArrayList<>();
            expected.add(base.version().toString());
            outcomes.stream().filter(Outcome::won).map(o -> o.value().version())
                    .sorted(Comparator.naturalOrder()).forEach(v -> expected.add(v.toString()));
            assertEquals(expected, versions(catalog.releases(product)), "round " + round + ": stored releases");
        }
    }

    @Test
    @Timeout(60)
    void racingDeliveriesOfOneReportCountItOnce() throws Exception {
        int rounds = 10;
        List<DeviceReport> reports = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            DeviceReport r = report("race-" + round, "dev-1", round % 2 == 0 ? ReportStatus.SUCCESS
                    : ReportStatus.FAILED, Optional.of("code-" + round % 3), T0.plusSeconds(round));
            reports.add(0, r);
            List<Boolean> results = values(race(THREADS, i -> () -> fleet.record(r,
                    ReportAttribution.counted("ro", 0))));
            assertEquals(1, results.stream().filter(b -> b).count(), "round " + round + ": true once");
        }
        DeviceState state = fleet.findDevice("dev-1").orElseThrow();
        assertEquals(rounds / 2, state.updatesSucceeded());
        assertEquals(rounds / 2, state.updatesFailed());
        assertEquals(reports, fleet.history("dev-1", 100));
        // One device: the rollout counts its latest outcome, the last round's failure.
        assertEquals(new RolloutStats(0, 1, Map.of("code-0", 1L)), fleet.stats("ro"));
        assertEquals(1, fleet.failuresSince("ro", T0));
    }

    /**
     * Different reports of one device, and outcomes of many devices of one rollout, recorded at once, are all
     * counted: no lost update.
     */
    @Test
    @Timeout(60)
    void concurrentReportsAreAllCounted() throws Exception {
        int perThread = 5;
        List<Outcome<Integer>> outcomes = race(THREADS, t -> () -> {
            int recorded = 0;
            for (int i = 0; i < perThread; i++) {
                ReportStatus status = (t + i) % 2 == 0 ? ReportStatus.SUCCESS : ReportStatus.ROLLED_BACK;
                DeviceReport r = report("t" + t + "-" + i, "dev-1", status, Optional.empty(),
                        T0.plusSeconds(i).plusMillis(t));
                recorded += fleet.record(r, ReportAttribution.notCounted(ReportAttribution.NOT_ADMITTED)) ? 1 : 0;
                DeviceReport own = report("o", "dev-" + t + "-" + i, status, Optional.empty(), T0.plusSeconds(i));
                recorded += fleet.record(own, ReportAttribution.counted("ro", (t * perThread + i) % 10_000)) ? 1 : 0;
            }
            return recorded;
        });
        assertEquals(2 * THREADS * perThread, values(outcomes).stream().mapToInt(Integer::intValue).sum());
        long successes = IntStream.range(0, THREADS).mapToLong(t -> IntStream.range(0, perThread)
                .filter(i -> (t + i) % 2 == 0).count()).sum();
        long failures = THREADS * perThread - successes;
        DeviceState state = fleet.findDevice("dev-1").orElseThrow();
        assertEquals(successes, state.updatesSucceeded());
        assertEquals(failures, state.updatesFailed());
        assertEquals(new RolloutStats(successes, failures, Map.of("rolled-back", failures)), fleet.stats("ro"));
        assertEquals(THREADS * perThread, fleet.history("dev-1", 1000).size());
    }

    /** Sightings racing with reports change model, version and last-seen only: no report's count is lost. */
    @Test
    @Timeout(60)
    void touchNeverLosesACountedReport() throws Exception {
        int each = 20;
        values(race(THREADS, t -> () -> {
            for (int i = 0; i < each; i++) {
                Instant at = T0.plusSeconds(i).plusMillis(t);
                fleet.record(report("r-" + t + "-" + i, "dev-1", ReportStatus.SUCCESS, Optional.empty(), at),
                        ReportAttribution.notCounted(ReportAttribution.NO_ROLLOUT));
                // Later than every report, so that every sighting is applied rather than ignored as stale.
                fleet.touch(List.of(new DeviceSighting("dev-1", PRODUCT, MODEL, Version.parse("1.1.0"),
                        at.plus(LATER))));
            }
            return null;
        }));
        DeviceState state = fleet.findDevice("dev-1").orElseThrow();
        assertEquals(THREADS * each, state.updatesSucceeded());
        assertEquals(T0.plusSeconds(each - 1).plusMillis(THREADS - 1).plus(LATER), state.lastSeen());
    }
}
