package io.voyagerota.testkit;

import io.voyagerota.ConcurrentUpdateException;
import io.voyagerota.ConflictException;
import io.voyagerota.NotFoundException;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutTarget;
import io.voyagerota.spi.CatalogChange;
import io.voyagerota.spi.CatalogRegistry;
import io.voyagerota.spi.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.voyagerota.testkit.RegistryFixtures.PRODUCT;
import static io.voyagerota.testkit.RegistryFixtures.T0;
import static io.voyagerota.testkit.RegistryFixtures.draft;
import static io.voyagerota.testkit.RegistryFixtures.event;
import static io.voyagerota.testkit.RegistryFixtures.insert;
import static io.voyagerota.testkit.RegistryFixtures.product;
import static io.voyagerota.testkit.RegistryFixtures.rollout;
import static io.voyagerota.testkit.RegistryFixtures.stored;
import static io.voyagerota.testkit.RegistryFixtures.update;
import static io.voyagerota.testkit.RegistryFixtures.withId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Products, optimistic revisions, atomic commits with their outbox events, and the catalog generation: the
 * {@link CatalogRegistry} contract apart from versions and field fidelity. Part of {@link RegistryCompatibilityKit}.
 */
public abstract class CatalogRegistryCompatibilityKit {
    protected Registry registry;
    protected CatalogRegistry catalog;

    /** A fresh, empty registry; called before every test. */
    protected abstract Registry newRegistry();

    @BeforeEach
    void createRegistry() {
        registry = newRegistry();
        catalog = registry.catalog();
    }

    // ---- products

    @Test
    void insertedProductIsFoundAndListed() {
        assertEquals(Optional.empty(), catalog.findProduct(PRODUCT));
        assertEquals(List.of(), catalog.products());
        Product product = product(PRODUCT);
        catalog.insertProduct(product);
        assertEquals(Optional.of(product), catalog.findProduct(PRODUCT));
        assertEquals(List.of(product), catalog.products());
        assertEquals(Optional.empty(), catalog.findProduct("no-such-product"));
    }

    @Test
    void productsAreListedByIdInPlainStringOrder() {
        // "a-c" before "ab" and "x-10" before "x-2" only in code-point order, not in a natural or locale order.
        List<String> ids = List.of("zeta", "ab", "x-2", "a-c", "x-10", "0-first", "x-1");
        ids.forEach(id -> catalog.insertProduct(product(id)));
        assertEquals(ids.stream().sorted().toList(), catalog.products().stream().map(Product::id).toList());
    }

    @Test
    void duplicateProductIdConflictsAndKeepsTheFirst() {
        Product first = product(PRODUCT);
        catalog.insertProduct(first);
        long generation = catalog.generation();
        Product second = new Product(PRODUCT, "Another name", first.models(), 1024, Optional.of("key"));
        assertThrows(ConflictException.class, () -> catalog.insertProduct(second));
        assertEquals(List.of(first), catalog.products());
        assertEquals(generation, catalog.generation(), "a rejected insert is not a change");
    }

    @Test
    void productInsertIncreasesTheGeneration() {
        long before = catalog.generation();
        catalog.insertProduct(product("p-1"));
        long afterFirst = catalog.generation();
        catalog.insertProduct(product("p-2"));
        assertTrue(afterFirst > before, "generation " + before + " → " + afterFirst);
        assertTrue(catalog.generation() > afterFirst, "generation " + afterFirst + " → " + catalog.generation());
    }

    // ---- revisions

    @Test
    void insertStoresRevisionOneAndEachUpdateExpectedPlusOne() {
        catalog.insertProduct(product(PRODUCT));
        Release release = insert(catalog, draft(PRODUCT, "1.0.0"));
        assertEquals(1, stored(catalog, release).revision());
        Release deleted = update(catalog, release.delete(T0.plusSeconds(1)));
        assertEquals(deleted, stored(catalog, release));
        assertEquals(2, deleted.revision());

        Rollout rollout = insert(catalog, rollout(release, RolloutTarget.all()));
        assertEquals(1, stored(catalog, rollout).revision());
        Rollout paused = update(catalog, rollout.pause("operator", T0.plusSeconds(2)));
        assertEquals(paused, stored(catalog, rollout));
        assertEquals(2, paused.revision());
    }

    @Test
    void storedRevisionFollowsTheExpectedRevisionNotTheRecordsOwn() {
        catalog.insertProduct(product(PRODUCT));
        Release release = insert(catalog, draft(PRODUCT, "1.0.0"));
        Release changed = release.delete(T0.plusSeconds(1));
        catalog.commit(new CatalogChange(List.of(new CatalogChange.ReleaseWrite(changed.atRevision(40), 1)),
                List.of(), List.of()));
        assertEquals(changed.atRevision(2), stored(catalog, release));
    }

    @Test
    void everySuccessfulCommitIncreasesTheGeneration() {
        catalog.insertProduct(product(PRODUCT));
        long previous = catalog.generation();
        Release release = draft(PRODUCT, "1.0.0");
        Rollout rollout = rollout(release, RolloutTarget.percent(5));
        List<CatalogChange> changes = List.of(
                CatalogChange.builder().release(release).event(event(release.id())).build(),
                CatalogChange.builder().rollout(rollout).build(),
                CatalogChange.builder().release(release.atRevision(1).delete(T0.plusSeconds(1))).build(),
                CatalogChange.builder().rollout(rollout.atRevision(1).pause("p", T0.plusSeconds(2))).build());
        for (CatalogChange change : changes) {
            catalog.commit(change);
            long now = catalog.generation();
            assertTrue(now > previous, "generation " + previous + " → " + now + " after " + change);
            previous = now;
        }
    }

    // ---- atomicity

    /** Two live releases and a rollout, stored; the starting point of the atomicity tests. */
    private record Existing(Release a, Release b, Rollout rollout) {
    }

    private Existing existing() {
        catalog.insertProduct(product(PRODUCT));
        Release a = insert(catalog, draft(PRODUCT, "1.0.0"));
        Release b = insert(catalog, draft(PRODUCT, "1.1.0"));
        Rollout rollout = insert(catalog, rollout(a, RolloutTarget.percent(10)));
        return new Existing(a, b, rollout);
    }

    /**
     * A change of several release and rollout writes and two events, with the writes of {@code failing} last, must
     * fail with {@code expected} and leave no trace: not a write, not an event, not a generation step. Only the
     * last writes break a rule, so the expected exception is unambiguous.
     */
    private void assertRejectedWithoutTrace(Existing before, Class<? extends Throwable> expected,
                                            CatalogChange failing) {
        Release fresh = draft(PRODUCT, "2.0.0");
        Rollout freshRollout = rollout(fresh, RolloutTarget.tags("beta"));
        OutboxEvent first = event(before.a().id());
        OutboxEvent second = event(fresh.id());
        CatalogChange valid = CatalogChange.builder()
                .release(before.a().delete(T0.plusSeconds(10)))
                .release(fresh)
                .rollout(before.rollout().pause("stop", T0.plusSeconds(10)))
                .rollout(freshRollout)
                .event(first)
                .event(second)
                .build();
        List<CatalogChange.ReleaseWrite> releaseWrites = new ArrayList<>(valid.releases());
        releaseWrites.addAll(failing.releases());
        List<CatalogChange.RolloutWrite> rolloutWrites = new ArrayList<>(valid.rollouts());
        rolloutWrites.addAll(failing.rollouts());
        CatalogChange change = new CatalogChange(releaseWrites, rolloutWrites, valid.events());
        List<Release> releasesBefore = catalog.releases(PRODUCT);
        List<Rollout> rolloutsBefore = catalog.rollouts(PRODUCT);
        long generation = catalog.generation();

        assertThrows(expected, () -> catalog.commit(change));

        assertEquals(Optional.of(before.a()), catalog.findRelease(before.a().id()), "first release untouched");
        assertEquals(Optional.of(before.b()), catalog.findRelease(before.b().id()), "second release untouched");
        assertEquals(Optional.empty(), catalog.findRelease(fresh.id()), "inserted release absent");
        assertEquals(Optional.of(before.rollout()), catalog.findRollout(before.rollout().id()), "rollout untouched");
        assertEquals(Optional.empty(), catalog.findRollout(freshRollout.id()), "inserted rollout absent");
        assertEquals(releasesBefore, catalog.releases(PRODUCT));
        assertEquals(Set.copyOf(rolloutsBefore), Set.copyOf(catalog.rollouts(PRODUCT)));
        assertEquals(Optional.empty(), registry.outbox().find(first.id()), "first event absent");
        assertEquals(Optional.empty(), registry.outbox().find(second.id()), "second event absent");
        assertEquals(List.of(), registry.outbox().list(OutboxState.PENDING, 10), "no event stored");
        assertEquals(generation, catalog.generation(), "a rejected change is not a change");
    }

    private static CatalogChange writing(Release release, long expectedRevision) {
        return new CatalogChange(List.of(new CatalogChange.ReleaseWrite(release, expectedRevision)), List.of(),
                List.of());
    }

    private static CatalogChange writing(Rollout rollout, long expectedRevision) {
        return new CatalogChange(List.of(), List.of(new CatalogChange.RolloutWrite(rollout, expectedRevision)),
                List.of());
    }

    @Test
    void staleReleaseWriteRejectsTheWholeChange() {
        Existing before = existing();
        update(catalog, before.b().delete(T0.plusSeconds(1)));
        Existing now = new Existing(before.a(), stored(catalog, before.b()), before.rollout());
        Release stale = before.b().delete(T0.plusSeconds(2)); // read at revision 1, stored at 2
        assertRejectedWithoutTrace(now, ConcurrentUpdateException.class, writing(stale, 1));
    }

    @Test
    void staleRolloutWriteRejectsTheWholeChange() {
        Existing before = existing();
        Rollout other = insert(catalog, rollout(before.b(), RolloutTarget.all()));
        update(catalog, other.pause("first", T0.plusSeconds(1)));
        Rollout stale = other.widen(RolloutTarget.all(), T0.plusSeconds(2));
        assertRejectedWithoutTrace(before, ConcurrentUpdateException.class, writing(stale, 1));
    }

    @Test
    void insertWithAnExistingIdConflictsAndStoresNothing() {
        Existing before = existing();
        // A newer version than any in the change, so that only the id breaks a rule.
        Release sameId = withId(draft(PRODUCT, "3.0.0"), before.b().id());
        assertRejectedWithoutTrace(before, ConflictException.class, writing(sameId, 0));
        assertRejectedWithoutTrace(before, ConflictException.class, writing(before.rollout(), 0));
    }

    @Test
    void updateOfAMissingIdIsNotFoundAndStoresNothing() {
        Existing before = existing();
        assertRejectedWithoutTrace(before, NotFoundException.class, writing(draft(PRODUCT, "9.0.0"), 3));
        assertRejectedWithoutTrace(before, NotFoundException.class,
                writing(rollout(before.b(), RolloutTarget.all()), 1));
    }

    @Test
    void commitWhoseEventIdIsTakenStoresNothing() {
        Existing before = existing();
        OutboxEvent taken = event("elsewhere");
        registry.outbox().append(List.of(taken));
        Release fresh = draft(PRODUCT, "2.0.0");
        long generation = catalog.generation();
        CatalogChange change = CatalogChange.builder().release(before.a().delete(T0.plusSeconds(1))).release(fresh)
                .event(event(fresh.id())).event(taken).build();
        assertThrows(ConflictException.class, () -> catalog.commit(change));
        assertEquals(Optional.of(before.a()), catalog.findRelease(before.a().id()));
        assertEquals(Optional.empty(), catalog.findRelease(fresh.id()));
        assertEquals(List.of(taken), registry.outbox().list(OutboxState.PENDING, 10));
        assertEquals(generation, catalog.generation());
    }

    @Test
    void eventsOfASuccessfulCommitArePendingInTheOutbox() {
        catalog.insertProduct(product(PRODUCT));
        Release release = draft(PRODUCT, "1.0.0");
        OutboxEvent delete = event(release.id());
        OutboxEvent trigger = OutboxEvent.pending("device.trigger", "", "{\"all\":true,\"text\":\"ü\\\"\"}",
                T0.plusMillis(1));
        catalog.commit(CatalogChange.builder().release(release).event(delete).event(trigger).build());
        assertEquals(Optional.of(delete), registry.outbox().find(delete.id()));
        assertEquals(Optional.of(trigger), registry.outbox().find(trigger.id()));
        assertEquals(List.of(delete, trigger), registry.outbox().list(OutboxState.PENDING, 10));
        Map<OutboxState, Long> counts = registry.outbox().counts();
        assertEquals(2L, counts.get(OutboxState.PENDING));
    }

    @Test
    void rolloutsAreListedPerProduct() {
        Existing before = existing();
        catalog.insertProduct(product("other"));
        Release elsewhere = insert(catalog, draft("other", "5.0.0"));
        Rollout foreign = insert(catalog, rollout(elsewhere, RolloutTarget.all()));
        Rollout second = insert(catalog, rollout(before.b(), RolloutTarget.devices("d-1")));
        assertEquals(Set.of(before.rollout().id(), second.id()),
                catalog.rollouts(PRODUCT).stream().map(Rollout::id).collect(Collectors.toSet()));
        assertEquals(List.of(foreign), catalog.rollouts("other"));
        assertEquals(List.of(), catalog.rollouts("no-such-product"));
        assertEquals(Optional.empty(), catalog.findRollout("no-such-rollout"));
        assertEquals(Optional.empty(), catalog.findRelease("no-such-release"));
    }
}
