package io.voyagerota.jdbc;

import io.voyagerota.ConcurrentUpdateException;
import io.voyagerota.Voyager;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.IllegalTransitionException;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseDraft;
import io.voyagerota.catalog.ReleaseState;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutSpec;
import io.voyagerota.memory.InMemoryArtifactStorage;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Security suite row 17 through Voyager itself: two nodes on one database, each on its own thread, promote and
 * revoke the same staged release at once. Of two promotions exactly one wins, with one rollout and one trigger; of a
 * promotion and a revocation that overlap exactly one wins, and if they did not overlap the end state is the one the
 * two give one after the other. A loser gets a typed refusal and leaves nothing behind: no rollout, no trigger.
 * ({@link ConcurrencyTest} races the registry's commits directly, where the overlap is certain.)
 */
@Tag("security")
abstract class LifecycleRaceTest extends DatabaseTest {
    private static final int ROUNDS = 8;
    private final InMemoryArtifactStorage storage = new InMemoryArtifactStorage();
    private ExecutorService pool;
    private Voyager first;
    private Voyager second;

    @BeforeAll
    void startThreads() {
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    void stopThreads() {
        pool.shutdownNow();
    }

    @BeforeEach
    void twoNodes() {
        first = Voyager.builder().registry(database.registry()).artifactStorage(storage).build();
        second = Voyager.builder().registry(database.registry()).artifactStorage(storage).build();
        first.products().create(Product.of("locker", "Smart locker", new HardwareModel("locker-s3",
                Chip.ESP32_S3)));
        second.tick();
    }

    @Test
    @Timeout(120)
    void ofTwoPromotionsExactlyOneWinsWithOneRolloutAndOneTrigger() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Release staged = staged("1.0." + round);
            long triggers = triggers();
            List<Object> outcomes = race(() -> first.releases().promote(staged.id(), RolloutSpec.all()),
                    () -> second.releases().promote(staged.id(), RolloutSpec.all()));
            assertEquals(1, count(outcomes, Release.class), "round " + round + ": " + outcomes);
            assertLosersRefused(outcomes);
            assertEquals(ReleaseState.PRODUCTION, stored(staged).state());
            assertEquals(1, rollouts(staged).size(), "one rollout, the winner's: " + rollouts(staged));
            assertEquals(triggers + 1, triggers(), "one trigger, the winner's");
        }
    }

    @Test
    @Timeout(120)
    void aPromotionAndARevocationEndAsOneOfThemOrBothInOrder() throws Exception {
        int overlapped = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Release staged = staged("2.0." + round);
            long triggers = triggers();
            List<Object> outcomes = race(() -> first.releases().promote(staged.id(), RolloutSpec.all()),
                    () -> second.releases().revoke(staged.id(), "bricks devices"));
            boolean promoted = outcomes.get(0) instanceof Release;
            boolean revoked = outcomes.get(1) instanceof Release;
            assertLosersRefused(outcomes);
            Release after = stored(staged);
            if (promoted && revoked) {
                // One after the other: promote, then revoke (the other order refuses the promotion).
                assertEquals(ReleaseState.REVOKED, after.state(), "round " + round);
                assertEquals(1, rollouts(staged).size());
                assertEquals(triggers + 2, triggers());
            } else {
                overlapped++;
                assertTrue(promoted || revoked, "round " + round + ": somebody wins: " + outcomes);
                assertEquals(promoted ? ReleaseState.PRODUCTION : ReleaseState.REVOKED, after.state());
                assertEquals(promoted ? 1 : 0, rollouts(staged).size(), "no rollout of a lost promotion");
                assertEquals(triggers + 1, triggers(), "one trigger, the winner's");
            }
            assertEquals(staged.revision() + count(outcomes, Release.class), after.revision(),
                    "one revision per winner");
        }
        System.out.printf("promote/revoke race: %d of %d rounds overlapped%n", overlapped, ROUNDS);
    }

    private Release staged(String version) {
        Release draft = first.releases().create(ReleaseDraft.builder("locker", Version.parse(version)).build());
        try (InputStream image = new Esp32ImageBuilder().chip(Chip.ESP32_S3).version(version).projectName("locker")
                .seed(version.hashCode()).build().file().open()) {
            first.releases().upload(draft.id(), image, Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Release staged = first.releases().stage(draft.id());
        second.tick();
        return staged;
    }

    private Release stored(Release release) {
        return registry.catalog().findRelease(release.id()).orElseThrow();
    }

    private List<Rollout> rollouts(Release release) {
        return registry.catalog().rollouts("locker").stream().filter(r -> r.releaseId().equals(release.id()))
                .toList();
    }

    private long triggers() {
        return registry.outbox().list(OutboxState.PENDING, 1000).stream()
                .filter(e -> e.type().equals("devices.trigger")).count();
    }

    private static void assertLosersRefused(List<Object> outcomes) {
        for (Object o : outcomes) {
            assertTrue(o instanceof Release || o instanceof ConcurrentUpdateException
                    || o instanceof IllegalTransitionException, "a loser gets a typed refusal: " + o);
        }
    }

    private static long count(List<Object> outcomes, Class<?> type) {
        return outcomes.stream().filter(type::isInstance).count();
    }

    /** Runs both at once on their own threads; returns each one's result or what it threw, in order. */
    private List<Object> race(Callable<Object> a, Callable<Object> b) throws InterruptedException {
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Object>> futures = new ArrayList<>();
        for (Callable<Object> task : List.of(a, b)) {
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
                throw new AssertionError("a racing operation did not finish", e);
            }
        }
        return outcomes;
    }
}
