package io.voyagerota.jdbc;

import io.voyagerota.ConcurrentUpdateException;
import io.voyagerota.ConflictException;
import io.voyagerota.NotFoundException;
import io.voyagerota.catalog.NonMonotonicVersionException;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutGuard;
import io.voyagerota.rollout.RolloutPlan;
import io.voyagerota.rollout.RolloutTarget;
import io.voyagerota.spi.CatalogChange;
import io.voyagerota.spi.CatalogRegistry;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.voyagerota.jdbc.Fixtures.PRODUCT;
import static io.voyagerota.jdbc.Fixtures.T0;
import static io.voyagerota.jdbc.Fixtures.draft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@link CatalogRegistry} contract, clause by clause, on a real database. */
abstract class CatalogContractTest extends DatabaseTest {
    private CatalogRegistry catalog;

    @BeforeEach
    void product() {
        catalog = registry.catalog();
        catalog.insertProduct(Fixtures.product(PRODUCT));
    }

    private Release insert(Release release) {
        catalog.commit(CatalogChange.builder().release(release).build());
        return release.atRevision(1);
    }

    private Release stored(String id) {
        return catalog.findRelease(id).orElseThrow(() -> new AssertionError("release " + id + " is missing"));
    }

    private List<String> versions() {
        return catalog.releases(PRODUCT).stream().map(r -> r.version().toString()).toList();
    }

    // ---- products

    @Test
    void productsRoundTripAndAreListedByIdInJavaOrder() {
        Product signed = Fixtures.signedProduct("a-b");
        catalog.insertProduct(signed);
        for (String id : List.of("ab", "a0", "a1", "b", "a")) {
            catalog.insertProduct(Fixtures.product(id));
        }
        assertEquals(Optional.of(signed), catalog.findProduct("a-b"));
        assertEquals(Optional.of(Fixtures.product(PRODUCT)), catalog.findProduct(PRODUCT));
        assertEquals(Optional.empty(), catalog.findProduct("nope"));
        // '-' sorts before digits in Java (and in COLLATE "C"), unlike in most natural-language collations.
        assertEquals(List.of("a", "a-b", "a0", "a1", "ab", "b", PRODUCT),
                catalog.products().stream().map(Product::id).toList());
    }

    @Test
    void duplicateProductConflictsAndChangesNothing() {
        long generation = catalog.generation();
        assertThrows(ConflictException.class, () -> catalog.insertProduct(Fixtures.signedProduct(PRODUCT)));
        assertEquals(Optional.of(Fixtures.product(PRODUCT)), catalog.findProduct(PRODUCT));
        assertEquals(generation, catalog.generation());
    }

    // ---- releases: storage

    @Test
    void everyFieldOfAReleaseRoundTrips() {
        Release full = Fixtures.full(PRODUCT, "2.0.0-beta.11+build.7");
        insert(full);
        Release read = stored(full.id());
        assertEquals(full.atRevision(1), read);
        assertTrue(read.version().identicalTo(full.version()), "build metadata is kept");
        Release plain = draft("2.0.0");
        insert(plain);
        assertEquals(plain.atRevision(1), stored(plain.id()));
        assertEquals(Optional.empty(), catalog.findRelease("no-such-release"));
    }

    @Test
    void releasesAreListedOldestVersionFirstBySemVerPrecedence() {
        for (String v : List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta.2", "1.0.0-beta.11",
                "1.0.0-rc.1", "1.0.0", "1.9.10", "1.10.2", "10.0.0")) {
            insert(draft(v));
        }
        catalog.insertProduct(Fixtures.product("other"));
        insert(draft("other", "0.0.1")); // another product's releases are not listed
        assertEquals(List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta.2", "1.0.0-beta.11",
                "1.0.0-rc.1", "1.0.0", "1.9.10", "1.10.2", "10.0.0"), versions());
    }

    @Test
    void aReleaseOfAnUnknownProductIsNotFound() {
        assertThrows(NotFoundException.class, () -> insert(draft("ghost", "1.0.0")));
        assertEquals(List.of(), catalog.releases("ghost"));
    }

    // ---- releases: monotonic versions

    @Test
    void aNewReleaseMustBeNewerThanEveryLiveOne() {
        insert(draft("1.10.2"));
        NonMonotonicVersionException older = assertThrows(NonMonotonicVersionException.class,
                () -> insert(draft("1.9.10")));
        assertTrue(older.getMessage().contains("1.10.2"), older.getMessage());
        assertThrows(NonMonotonicVersionException.class, () -> insert(draft("1.10.2")), "equal");
        assertThrows(NonMonotonicVersionException.class, () -> insert(draft("1.10.2+other")), "equal but build");
        assertThrows(NonMonotonicVersionException.class, () -> insert(draft("1.10.2-rc.1")), "its prerelease");
        insert(draft("1.10.3-rc.1"));
        assertEquals(List.of("1.10.2", "1.10.3-rc.1"), versions());
    }

    @Test
    void deletedReleasesDoNotCountForMonotonicityButRestoringOverALiveTwinConflicts() {
        Release one = insert(draft("1.0.0"));
        Release two = insert(draft("2.0.0"));
        Release deleted = two.delete(T0.plusSeconds(1));
        catalog.commit(CatalogChange.builder().release(deleted).build());
        insert(draft("1.5.0"));
        Release twin = insert(draft("2.0.0"));

        Release restore = deleted.atRevision(2).restore(T0.plusSeconds(2));
        ConflictException conflict = assertThrows(ConflictException.class,
                () -> catalog.commit(CatalogChange.builder().release(restore).build()));
        assertTrue(conflict.getMessage().contains("2.0.0"), conflict.getMessage());
        assertEquals(2, stored(two.id()).revision(), "the failed restore changed nothing");

        catalog.commit(CatalogChange.builder().release(twin.delete(T0.plusSeconds(3))).build());
        catalog.commit(CatalogChange.builder().release(restore).build());
        assertEquals(List.of("1.0.0", "1.5.0", "2.0.0", "2.0.0"), versions());
        assertEquals(false, stored(two.id()).deleted());
        assertEquals(one, stored(one.id()));
    }

    // ---- releases: optimistic concurrency

    @Test
    void updatesNeedTheStoredRevisionAndInsertsNeedANewId() {
        Release draft = insert(draft("1.0.0"));
        Release staged = Fixtures.full(PRODUCT, "1.0.0");
        Release withArtifact = new Release(draft.id(), PRODUCT, draft.version(), staged.state(), false,
                staged.compatibleModels(), staged.artifact(), "notes", false, staged.minBatteryPercent(),
                Optional.empty(), 0, staged.signature(), Optional.empty(), staged.validation(), T0,
                T0.plusSeconds(5), 1);
        catalog.commit(CatalogChange.builder().release(withArtifact).build());
        assertEquals(withArtifact.atRevision(2), stored(draft.id()));

        ConcurrentUpdateException stale = assertThrows(ConcurrentUpdateException.class,
                () -> catalog.commit(CatalogChange.builder().release(draft.delete(T0)).build()));
        assertTrue(stale.getMessage().contains(draft.id()), stale.getMessage());
        assertThrows(ConflictException.class, () -> catalog.commit(CatalogChange.builder()
                .release(draft.atRevision(0)).build()), "insert of an existing id");
        Release ghost = draft("9.0.0").atRevision(4);
        assertThrows(NotFoundException.class, () -> catalog.commit(CatalogChange.builder().release(ghost).build()));
        assertEquals(withArtifact.atRevision(2), stored(draft.id()));
    }

    @Test
    void oneChangeMayWriteTheSameReleaseTwice() {
        Release draft = draft("1.0.0");
        Release deleted = draft.atRevision(1).delete(T0.plusSeconds(1));
        catalog.commit(new CatalogChange(List.of(new CatalogChange.ReleaseWrite(draft, 0),
                new CatalogChange.ReleaseWrite(deleted, 1)), List.of(), List.of()));
        assertEquals(deleted.atRevision(2), stored(draft.id()));
    }

    // ---- atomicity, events, generation

    @Test
    void aFailedCommitStoresNothingOfItsReleasesRolloutsOrEvents() {
        insert(draft("2.0.0"));
        Release fine = draft("3.0.0");
        Rollout rollout = Fixtures.rollout(fine, RolloutTarget.all());
        OutboxEvent event = OutboxEvent.pending("artifact.delete", fine.id(), "{}", T0);
        long generation = catalog.generation();
        CatalogChange change = CatalogChange.builder().release(fine).release(draft("1.0.0")).rollout(rollout)
                .event(event).build();

        assertThrows(NonMonotonicVersionException.class, () -> catalog.commit(change));
        assertEquals(Optional.empty(), catalog.findRelease(fine.id()));
        assertEquals(Optional.empty(), catalog.findRollout(rollout.id()));
        assertEquals(Optional.empty(), registry.outbox().find(event.id()));
        assertEquals(generation, catalog.generation());

        CatalogChange badEvent = CatalogChange.builder().release(fine).event(event)
                .event(event.withClaim("x", T0)).build();
        assertThrows(IllegalArgumentException.class, () -> catalog.commit(badEvent));
        assertEquals(Optional.empty(), catalog.findRelease(fine.id()));
    }

    @Test
    void eventsAreStoredWithTheirChangeAndADuplicateEventFailsTheWholeChange() {
        Release release = draft("1.0.0");
        OutboxEvent event = OutboxEvent.pending("artifact.delete", release.id(), "{\"key\":\"k\"}", T0);
        catalog.commit(CatalogChange.builder().release(release).event(event).build());
        assertEquals(Optional.of(event), registry.outbox().find(event.id()));
        assertEquals(List.of(event), registry.outbox().list(OutboxState.PENDING, 10));

        Release next = draft("2.0.0");
        assertThrows(ConflictException.class,
                () -> catalog.commit(CatalogChange.builder().release(next).event(event).build()));
        assertEquals(Optional.empty(), catalog.findRelease(next.id()));
    }

    @Test
    void everySuccessfulCommitAndProductInsertIncreasesTheGeneration() {
        long before = catalog.generation();
        catalog.commit(CatalogChange.builder().build());
        long afterEmpty = catalog.generation();
        insert(draft("1.0.0"));
        long afterRelease = catalog.generation();
        catalog.insertProduct(Fixtures.product("second"));
        long afterProduct = catalog.generation();
        assertTrue(before < afterEmpty && afterEmpty < afterRelease && afterRelease < afterProduct,
                before + " < " + afterEmpty + " < " + afterRelease + " < " + afterProduct);
    }

    // ---- rollouts

    @Test
    void rolloutsRoundTripWithEveryTargetAndAPlanAndAreListedInInsertionOrder() {
        Release release = insert(draft("1.0.0"));
        RolloutGuard guard = new RolloutGuard(0.125, 7, 0.875, 3, Duration.ofMinutes(90));
        Rollout staged = Rollout.staged(release.id(), PRODUCT, new RolloutPlan(List.of(
                new RolloutPlan.Stage(1, Duration.ZERO), new RolloutPlan.Stage(1000, Duration.ofHours(6)),
                new RolloutPlan.Stage(10_000, Duration.ofDays(2).plusMillis(5))), 0.9725), Optional.of(T0.plusSeconds(9)),
                guard, T0);
        List<Rollout> rollouts = List.of(Fixtures.rollout(release, RolloutTarget.tags("beta", "vip", "\u00fcber")),
                staged, Fixtures.rollout(release, RolloutTarget.devices("24:0a:c4:12:34:56", "dev-2")),
                Fixtures.rollout(release, RolloutTarget.all()),
                Fixtures.rollout(release, new RolloutTarget.Percentage(1234)).pause("too many failures", T0));
        CatalogChange.Builder change = CatalogChange.builder();
        rollouts.forEach(change::rollout);
        catalog.commit(change.build());

        assertEquals(rollouts.stream().map(r -> r.atRevision(1)).toList(), catalog.rollouts(PRODUCT));
        assertEquals(Optional.of(staged.atRevision(1)), catalog.findRollout(staged.id()));
        assertEquals(List.of(), catalog.rollouts("other"));
        assertEquals(Optional.empty(), catalog.findRollout("no-such-rollout"));
    }

    @Test
    void rolloutUpdatesNeedTheStoredRevision() {
        Release release = insert(draft("1.0.0"));
        Rollout rollout = Fixtures.rollout(release, RolloutTarget.percent(10));
        catalog.commit(CatalogChange.builder().rollout(rollout).build());
        Rollout widened = rollout.atRevision(1).widen(RolloutTarget.percent(50), T0.plusSeconds(1));
        catalog.commit(CatalogChange.builder().rollout(widened).build());
        assertEquals(Optional.of(widened.atRevision(2)), catalog.findRollout(rollout.id()));

        Rollout stale = rollout.atRevision(1).pause("stale", T0.plusSeconds(2));
        assertThrows(ConcurrentUpdateException.class,
                () -> catalog.commit(CatalogChange.builder().rollout(stale).build()));
        assertThrows(ConflictException.class, () -> catalog.commit(CatalogChange.builder().rollout(rollout).build()));
        Rollout ghost = Fixtures.rollout(release, RolloutTarget.all()).atRevision(3);
        assertThrows(NotFoundException.class, () -> catalog.commit(CatalogChange.builder().rollout(ghost).build()));
        assertEquals(Optional.of(widened.atRevision(2)), catalog.findRollout(rollout.id()));
    }

    @Test
    void aValueTooLongForItsColumnIsInvalidInputAndStoresNothing() {
        Release draft = draft("1.0.0");
        Release longId = new Release("r".repeat(256), PRODUCT, draft.version(), draft.state(), false,
                draft.compatibleModels(), draft.artifact(), "", false, draft.minBatteryPercent(), Optional.empty(), 0,
                Optional.empty(), Optional.empty(), draft.validation(), T0, T0, 0);
        JdbcException e = assertThrows(JdbcException.class, () -> insert(longId));
        assertEquals("invalid-input", e.code());
        assertTrue(e.getMessage().contains("longer than its column"), e.getMessage());
        assertEquals(List.of(), catalog.releases(PRODUCT));
    }

    @Test
    void versionsWithLongPrereleasesFitTheirColumns() {
        String longest = "1.1.1-" + "a.".repeat(124) + "aa"; // the longest sort key: 766 characters
        assertEquals(Version.MAX_SORT_KEY_LENGTH, Version.parse(longest).sortKey().length());
        insert(draft(longest));
        assertEquals(List.of(longest), versions());
    }
}
