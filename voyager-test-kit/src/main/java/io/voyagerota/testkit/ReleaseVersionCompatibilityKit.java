package io.voyagerota.testkit;

import io.voyagerota.ConflictException;
import io.voyagerota.catalog.NonMonotonicVersionException;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseDraft;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.spi.CatalogChange;
import io.voyagerota.spi.CatalogRegistry;
import io.voyagerota.spi.Registry;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.voyagerota.testkit.RegistryFixtures.PRODUCT;
import static io.voyagerota.testkit.RegistryFixtures.T0;
import static io.voyagerota.testkit.RegistryFixtures.draft;
import static io.voyagerota.testkit.RegistryFixtures.event;
import static io.voyagerota.testkit.RegistryFixtures.insert;
import static io.voyagerota.testkit.RegistryFixtures.product;
import static io.voyagerota.testkit.RegistryFixtures.stored;
import static io.voyagerota.testkit.RegistryFixtures.update;
import static io.voyagerota.testkit.RegistryFixtures.versions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Monotonic versions per product, restoring deleted releases, and the version order of
 * {@link CatalogRegistry#releases}: all by SemVer precedence, where build metadata does not count and
 * {@code 1.10.2} is newer than {@code 1.9.10}. Part of {@link RegistryCompatibilityKit}.
 */
public abstract class ReleaseVersionCompatibilityKit {
    protected Registry registry;
    protected CatalogRegistry catalog;

    /** A fresh, empty registry; called before every test. */
    protected abstract Registry newRegistry();

    @BeforeEach
    void createRegistry() {
        registry = newRegistry();
        catalog = registry.catalog();
        catalog.insertProduct(product(PRODUCT));
    }

    private Release insertVersion(String version) {
        return insert(catalog, draft(PRODUCT, version));
    }

    /** Inserting {@code version} with an event fails as non-monotonic and leaves no trace. */
    private void assertRejected(String version) {
        List<Release> before = catalog.releases(PRODUCT);
        long generation = catalog.generation();
        Release attempt = draft(PRODUCT, version);
        OutboxEvent event = event(attempt.id());
        CatalogChange change = CatalogChange.builder().release(attempt).event(event).build();
        assertThrows(NonMonotonicVersionException.class, () -> catalog.commit(change),
                version + " after " + versions(before));
        assertEquals(Optional.empty(), catalog.findRelease(attempt.id()));
        assertEquals(before, catalog.releases(PRODUCT));
        assertEquals(Optional.empty(), registry.outbox().find(event.id()));
        assertEquals(generation, catalog.generation());
    }

    @Test
    void insertNotNewerThanTheLiveReleasesIsRejected() {
        insertVersion("1.0.0+a");
        assertRejected("1.0.0+a");
        assertRejected("1.0.0");
        assertRejected("1.0.0+b");
        assertRejected("1.0.0-rc.1");
        assertRejected("0.9.99");
        insertVersion("1.0.1-alpha");
        assertEquals(List.of("1.0.0+a", "1.0.1-alpha"), versions(catalog.releases(PRODUCT)));
    }

    @Test
    void insertMustBeNewerThanTheNewestLiveReleaseNotJustTheLatestInserted() {
        insertVersion("1.0.0");
        Release two = insertVersion("2.0.0");
        update(catalog, two.delete(T0.plusSeconds(1)));
        insertVersion("1.5.0");
        update(catalog, stored(catalog, two).restore(T0.plusSeconds(2)));
        assertRejected("1.8.0");
        insertVersion("2.0.1");
    }

    @Test
    void versionsCompareByPrecedenceNotByText() {
        insertVersion("1.9.10");
        insertVersion("1.10.2");
        assertRejected("1.9.99");
        assertRejected("1.10.1");
        insertVersion("1.11.0-rc.9");
        insertVersion("1.11.0-rc.10");
        assertRejected("1.11.0-rc.9");
        insertVersion("1.11.0-rc.10.1");
        insertVersion("1.11.0-rc.a");
        insertVersion("1.11.0");
        assertRejected("1.11.0-rc.11");
        insertVersion("10.0.0");
        assertRejected("9.99.99");
    }

    @Test
    void deletedReleasesDoNotCount() {
        insertVersion("1.0.0");
        Release two = insertVersion("2.0.0");
        Release deleted = update(catalog, two.delete(T0.plusSeconds(1)));
        insertVersion("1.5.0");
        Release twin = insertVersion("2.0.0");
        assertEquals(List.of("1.0.0", "1.5.0", "2.0.0", "2.0.0"), versions(catalog.releases(PRODUCT)));
        assertEquals(Optional.of(deleted), catalog.findRelease(two.id()));
        assertEquals(Optional.of(twin), catalog.findRelease(twin.id()));
        assertRejected("2.0.0");
    }

    @Test
    void restoringOverALiveTwinOfEqualVersionConflicts() {
        Release sameText = update(catalog, insertVersion("1.0.0").delete(T0.plusSeconds(1)));
        insertVersion("1.0.0");
        Release buildTwin = update(catalog, insertVersion("2.0.0+a").delete(T0.plusSeconds(1)));
        insertVersion("2.0.0+b"); // equal to 2.0.0+a: build metadata is not part of the version's precedence

        for (Release deleted : List.of(sameText, buildTwin)) {
            List<Release> before = catalog.releases(PRODUCT);
            long generation = catalog.generation();
            Release fresh = draft(PRODUCT, "3.0.0");
            OutboxEvent event = event(deleted.id());
            CatalogChange change = CatalogChange.builder().release(fresh).release(deleted.restore(T0.plusSeconds(2)))
                    .event(event).build();
            assertThrows(ConflictException.class, () -> catalog.commit(change), "restoring " + deleted.version());
            assertEquals(Optional.of(deleted), catalog.findRelease(deleted.id()), "still deleted");
            assertEquals(Optional.empty(), catalog.findRelease(fresh.id()));
            assertEquals(before, catalog.releases(PRODUCT));
            assertEquals(Optional.empty(), registry.outbox().find(event.id()));
            assertEquals(generation, catalog.generation());
        }
    }

    @Test
    void restoringWithoutALiveTwinIsAllowedEvenBelowTheNewest() {
        Release old = update(catalog, insertVersion("1.0.0").delete(T0.plusSeconds(1)));
        Release twin = insertVersion("1.0.0");
        update(catalog, twin.delete(T0.plusSeconds(2)));
        insertVersion("2.0.0");
        Release restored = update(catalog, old.restore(T0.plusSeconds(3)));
        assertEquals(Optional.of(restored), catalog.findRelease(old.id()));
    }

    @Test
    void releasesAreListedOldestVersionFirstDeletedOnesIncluded() {
        // SemVer's own example order, then numbers where text order differs; each is inserted newest first and
        // deleted before the next, so neither insertion order nor createdAt nor id gives the expected order.
        List<String> ascending = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0-rc.2", "1.0.0-rc.10", "1.0.0",
                "1.9.10", "1.10.2", "1.10.10", "2.0.0+build.1");
        List<Release> expected = new ArrayList<>();
        for (int i = ascending.size() - 1; i >= 0; i--) {
            Release release = ReleaseDraft.builder(PRODUCT, Version.parse(ascending.get(i))).build()
                    .toRelease(T0.plusSeconds(ascending.size() - i));
            Release stored = insert(catalog, release);
            if (i > 0) {
                stored = update(catalog, stored.delete(T0.plusSeconds(100)));
            }
            expected.add(0, stored);
        }
        catalog.insertProduct(product("other"));
        insert(catalog, draft("other", "1.5.0"));

        List<Release> listed = catalog.releases(PRODUCT);
        assertEquals(ascending, versions(listed));
        assertEquals(expected, listed);
        assertEquals(List.of("1.5.0"), versions(catalog.releases("other")));
        assertEquals(List.of(), catalog.releases("no-such-product"));
    }
}
