package io.voyagerota.jdbc;

import io.voyagerota.ConcurrentUpdateException;
import io.voyagerota.catalog.NonMonotonicVersionException;
import io.voyagerota.catalog.Release;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.ReportAttribution;
import io.voyagerota.device.DeviceSighting;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutStats;
import io.voyagerota.rollout.RolloutTarget;
import io.voyagerota.spi.CatalogChange;
import io.voyagerota.testing.PropertySeed;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.voyagerota.jdbc.Fixtures.PRODUCT;
import static io.voyagerota.jdbc.Fixtures.T0;
import static io.voyagerota.jdbc.Fixtures.draft;
import static io.voyagerota.jdbc.Fixtures.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Races that the registry must settle in the database: writers on separate pooled connections, released together
 * by a barrier so that their transactions overlap.
 */
abstract class ConcurrencyTest extends DatabaseTest {
    private static final int THREADS = 4;
    private ExecutorService pool;

    @BeforeAll
    void startThreads() {
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterAll
    void stopThreads() {
        pool.shutdownNow();
    }

    @BeforeEach
    void product() {
        registry.catalog().insertProduct(Fixtures.product(PRODUCT));
    }

    /** Runs the tasks at once; returns each one's result or the exception it threw, in task order. */
    private List<Object> race(List<Callable<Object>> tasks) throws InterruptedException {
        CyclicBarrier start = new CyclicBarrier(tasks.size());
        List<Future<Object>> futures = new ArrayList<>();
        for (Callable<Object> task : tasks) {
            futures.add(pool.submit(() -> {
                start.await(10, TimeUnit.SECONDS);
                return task.call();
            }));
        }
        List<Object> outcomes = new ArrayList<>();
        for (Future<Object> f : futures) {
            try {
                outcomes.add(f.get(30, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                outcomes.add(e.getCause());
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("a racing task did not finish", e);
            }
        }
        return outcomes;
    }

    private static long count(List<Object> outcomes, Class<?> type) {
        return outcomes.stream().filter(type::isInstance).count();
    }

    private void commit(Release release) {
        registry.catalog().commit(CatalogChange.builder().release(release).build());
    }

    @Test
    @Timeout(60)
    @Tag("security") // security suite row 17
    void ofTwoConflictingTransitionsExactlyOneWins() throws Exception {
        for (int round = 0; round < 15; round++) {
            Release draft = Fixtures.full(PRODUCT, "1.0." + round);
            commit(draft);
            Release staged = draft.atRevision(1);
            Release promoted = staged.promote(T0.plusSeconds(1));
            Release revoked = staged.revoke("bad build", T0.plusSeconds(1));
            List<Object> outcomes = race(List.of(() -> {
                commit(promoted);
                return promoted;
            }, () -> {
                commit(revoked);
                return revoked;
            }));
            assertEquals(1, count(outcomes, Release.class), "round " + round + ": " + outcomes);
            assertEquals(1, count(outcomes, ConcurrentUpdateException.class), "round " + round + ": " + outcomes);
            Release winner = (Release) outcomes.stream().filter(Release.class::isInstance).findFirst().orElseThrow();
            assertEquals(Optional.of(winner.atRevision(2)), registry.catalog().findRelease(draft.id()));
        }
    }

    @Test
    @Timeout(60)
    @Tag("security") // security suite row 17
    void ofConflictingRolloutChangesExactlyOneWins() throws Exception {
        Release release = draft("1.0.0");
        commit(release);
        for (int round = 0; round < 10; round++) {
            Rollout rollout = Fixtures.rollout(release, RolloutTarget.percent(10)).atRevision(0);
            registry.catalog().commit(CatalogChange.builder().rollout(rollout).build());
            Rollout paused = rollout.atRevision(1).pause("failures", T0);
            Rollout widened = rollout.atRevision(1).widen(RolloutTarget.percent(50), T0);
            List<Object> outcomes = race(List.of(() -> {
                registry.catalog().commit(CatalogChange.builder().rollout(paused).build());
                return paused;
            }, () -> {
                registry.catalog().commit(CatalogChange.builder().rollout(widened).build());
                return widened;
            }));
            assertEquals(1, count(outcomes, Rollout.class), "round " + round + ": " + outcomes);
            assertEquals(1, count(outcomes, ConcurrentUpdateException.class), "round " + round + ": " + outcomes);
        }
    }

    @Test
    @Timeout(60)
    void concurrentInsertsKeepVersionsMonotonic() throws Exception {
        SplittableRandom random = PropertySeed.random("concurrent inserts keep versions monotonic");
        for (int round = 0; round < 8; round++) {
            database.clear();
            registry.catalog().insertProduct(Fixtures.product(PRODUCT));
            List<Release> candidates = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                // Often equal versions, so that at most one of them may win.
                candidates.add(draft("1." + random.nextInt(3) + "." + random.nextInt(2)));
            }
            List<Callable<Object>> tasks = new ArrayList<>();
            for (Release r : candidates) {
                tasks.add(() -> {
                    commit(r);
                    return r;
                });
            }
            List<Object> outcomes = race(tasks);
            assertEquals(THREADS, count(outcomes, Release.class) + count(outcomes, NonMonotonicVersionException.class),
                    PropertySeed.rerunHint() + " " + outcomes);
            // Whatever order the database serialised them in, each stored release is newer than those before it.
            List<Version> inCommitOrder = database.queryStrings("SELECT version FROM voyager_release ORDER BY seq")
                    .stream().map(Version::parse).toList();
            assertEquals(count(outcomes, Release.class), inCommitOrder.size());
            for (int i = 1; i < inCommitOrder.size(); i++) {
                assertTrue(inCommitOrder.get(i).compareTo(inCommitOrder.get(i - 1)) > 0,
                        PropertySeed.rerunHint() + " versions in commit order: " + inCommitOrder);
            }
        }
    }

    @Test
    @Timeout(60)
    void racingDeliveriesOfOneReportCountItOnce() throws Exception {
        for (int round = 0; round < 10; round++) {
            DeviceReport failed = report("r-" + round, "dev-" + round, ReportStatus.FAILED, T0);
            List<Callable<Object>> tasks = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                tasks.add(() -> registry.fleet().record(failed, ReportAttribution.counted("rollout-1", 0)));
            }
            List<Object> outcomes = race(tasks);
            assertEquals(1, outcomes.stream().filter(Boolean.TRUE::equals).count(), outcomes.toString());
            assertEquals(THREADS - 1, outcomes.stream().filter(Boolean.FALSE::equals).count(), outcomes.toString());
            assertEquals(1, registry.fleet().findDevice("dev-" + round).orElseThrow().updatesFailed());
            assertEquals(1, registry.fleet().history("dev-" + round, 10).size());
        }
        assertEquals(10, registry.fleet().stats("rollout-1").failures());
    }

    @Test
    @Timeout(60)
    void concurrentReportsAndSightingsLoseNoIncrement() throws Exception {
        int perThread = 30;
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            tasks.add(() -> {
                for (int i = 0; i < perThread; i++) {
                    String device = "dev-" + (i % 5); // every thread reports for the same few new devices
                    ReportStatus status = (i + thread) % 3 == 0 ? ReportStatus.SUCCESS : ReportStatus.FAILED;
                    registry.fleet().record(report("r-" + thread + "-" + i, device, status, T0.plusSeconds(i)),
                            ReportAttribution.counted("rollout-1", 0));
                    registry.fleet().touch(List.of(new DeviceSighting(device, PRODUCT, "m", Version.parse("1.0.0"),
                            T0.plusSeconds(i)), new DeviceSighting("seen-" + i, PRODUCT, "m",
                            Version.parse("1.0.0"), T0)));
                }
                return null;
            });
        }
        List<Object> outcomes = race(tasks);
        assertTrue(outcomes.stream().allMatch(o -> o == null), outcomes.toString());

        RolloutStats stats = registry.fleet().stats("rollout-1");
        assertEquals(5, stats.outcomes(), "one outcome per device, however many reports raced");
        assertEquals(stats.failures(), stats.failuresByReason().getOrDefault("sha256-mismatch", 0L));
        long counted = registry.fleet().devices(PRODUCT, "", 100).stream()
                .mapToLong(d -> d.updatesSucceeded() + d.updatesFailed()).sum();
        assertEquals(THREADS * perThread, counted, "every device counter increment is kept");
        assertEquals(5 + perThread, registry.fleet().devices(PRODUCT, "", 100).size());
    }
}
