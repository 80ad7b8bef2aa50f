package io.voyagerota.testkit;

import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseState;
import io.voyagerota.catalog.ValidationReport;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutGuard;
import io.voyagerota.rollout.RolloutState;
import io.voyagerota.rollout.RolloutTarget;
import io.voyagerota.spi.CatalogRegistry;
import io.voyagerota.spi.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static io.voyagerota.testkit.RegistryFixtures.PRODUCT;
import static io.voyagerota.testkit.RegistryFixtures.T0;
import static io.voyagerota.testkit.RegistryFixtures.assertIdentical;
import static io.voyagerota.testkit.RegistryFixtures.draft;
import static io.voyagerota.testkit.RegistryFixtures.insert;
import static io.voyagerota.testkit.RegistryFixtures.maximalProduct;
import static io.voyagerota.testkit.RegistryFixtures.maximalRelease;
import static io.voyagerota.testkit.RegistryFixtures.maximalRollout;
import static io.voyagerota.testkit.RegistryFixtures.product;
import static io.voyagerota.testkit.RegistryFixtures.rollout;
import static io.voyagerota.testkit.RegistryFixtures.stored;
import static io.voyagerota.testkit.RegistryFixtures.update;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every field of products, releases and rollouts comes back exactly as stored, after an insert and after an
 * update, with every optional field present and with every one absent. Part of {@link RegistryCompatibilityKit}.
 */
public abstract class CatalogFidelityCompatibilityKit {
    protected Registry registry;
    protected CatalogRegistry catalog;

    /** A fresh, empty registry; called before every test. */
    protected abstract Registry newRegistry();

    @BeforeEach
    void createRegistry() {
        registry = newRegistry();
        catalog = registry.catalog();
    }

    @Test
    void productsRoundTripWithModelsChipsLimitAndKey() {
        Product maximal = maximalProduct("full");
        Product minimal = product("bare");
        catalog.insertProduct(maximal);
        catalog.insertProduct(minimal);
        assertEquals(Optional.of(maximal), catalog.findProduct("full"));
        assertEquals(Optional.of(minimal), catalog.findProduct("bare"));
        assertEquals(List.of(minimal, maximal), catalog.products());
    }

    @Test
    void maximalReleaseRoundTrips() {
        catalog.insertProduct(product(PRODUCT));
        Release release = insert(catalog, maximalRelease(PRODUCT));
        assertIdentical(release, stored(catalog, release), "found");
        assertIdentical(List.of(release), catalog.releases(PRODUCT), "listed");
    }

    @Test
    void minimalReleaseRoundTrips() {
        catalog.insertProduct(product(PRODUCT));
        Release release = insert(catalog, draft(PRODUCT, "0.0.0"));
        assertIdentical(release, stored(catalog, release), "found");
        assertIdentical(List.of(release), catalog.releases(PRODUCT), "listed");
    }

    /** An update writes every field: optional ones become present, then absent again. */
    @Test
    void releaseUpdatesStoreEveryField() {
        catalog.insertProduct(product(PRODUCT));
        Release maximal = maximalRelease(PRODUCT);
        Release minimal = insert(catalog, bare(maximal));
        assertIdentical(minimal, stored(catalog, minimal), "inserted bare");

        Release full = update(catalog, maximal.atRevision(1));
        assertIdentical(full, stored(catalog, maximal), "updated to every field");
        Release deleted = update(catalog, full.delete(T0.plusSeconds(60)));
        assertIdentical(deleted, stored(catalog, maximal), "deleted");
        Release bareAgain = update(catalog, bare(maximal).atRevision(3));
        assertIdentical(bareAgain, stored(catalog, maximal), "updated back to no optional field");
        assertEquals(4, bareAgain.revision());
    }

    /** {@code release} with every optional field absent and every other one at its simplest. */
    private static Release bare(Release release) {
        return new Release(release.id(), release.productId(), release.version(), ReleaseState.DRAFT, false,
                List.of(), Optional.empty(), "", false, OptionalInt.empty(), Optional.empty(), 0, Optional.empty(),
                Optional.empty(), ValidationReport.notRun(), release.createdAt(), release.createdAt(), 0);
    }

    @Test
    void longestChangelogRoundTrips() {
        catalog.insertProduct(product(PRODUCT));
        StringBuilder text = new StringBuilder();
        String unit = "* Grüße 日本 🚀 **bold** `code`\n"; // 1- to 4-byte UTF-8, a surrogate pair
        while (text.length() + unit.length() <= Release.MAX_CHANGELOG) {
            text.append(unit);
        }
        text.append("x".repeat(Release.MAX_CHANGELOG - text.length()));
        Release draft = draft(PRODUCT, "1.0.0");
        Release release = insert(catalog, new Release(draft.id(), PRODUCT, draft.version(), draft.state(), false,
                List.of(), Optional.empty(), text.toString(), false, OptionalInt.empty(), Optional.empty(), 0,
                Optional.empty(), Optional.empty(), draft.validation(), T0, T0, 0));
        assertEquals(Release.MAX_CHANGELOG, stored(catalog, release).changelog().length());
        assertIdentical(release, stored(catalog, release), "found");
    }

    @Test
    void everyRolloutTargetRoundTrips() {
        catalog.insertProduct(product(PRODUCT));
        Release release = insert(catalog, draft(PRODUCT, "1.0.0"));
        List<RolloutTarget> targets = List.of(RolloutTarget.all(), new RolloutTarget.Percentage(0),
                new RolloutTarget.Percentage(1234), new RolloutTarget.Percentage(10_000),
                RolloutTarget.tags("beta", "qa-team", "Tester Ü", "x,y;z"),
                RolloutTarget.devices("AA:BB:CC:00:11:22", "dev-2", "Dev.3"));
        List<Rollout> expected = new ArrayList<>();
        for (RolloutTarget target : targets) {
            Rollout rollout = insert(catalog, rollout(release, target));
            assertEquals(rollout, stored(catalog, rollout), "found " + target);
            expected.add(rollout);
        }
        assertEquals(Set.copyOf(expected), Set.copyOf(catalog.rollouts(PRODUCT)));
        assertEquals(expected.size(), catalog.rollouts(PRODUCT).size());
    }

    @Test
    void maximalAndMinimalRolloutsRoundTrip() {
        catalog.insertProduct(product(PRODUCT));
        Release release = insert(catalog, draft(PRODUCT, "1.0.0"));
        Rollout maximal = insert(catalog, maximalRollout(release));
        Rollout minimal = insert(catalog, rollout(release, RolloutTarget.all()));
        assertEquals(maximal, stored(catalog, maximal));
        assertEquals(minimal, stored(catalog, minimal));
        assertEquals(Set.of(maximal, minimal), Set.copyOf(catalog.rollouts(PRODUCT)));
    }

    /** An update writes every field: plan, start, pause reason and guard appear, then disappear again. */
    @Test
    void rolloutUpdatesStoreEveryField() {
        catalog.insertProduct(product(PRODUCT));
        Release release = insert(catalog, draft(PRODUCT, "1.0.0"));
        Rollout maximal = maximalRollout(release);
        Rollout bare = insert(catalog, bare(maximal));
        assertEquals(bare, stored(catalog, bare));

        Rollout full = update(catalog, maximal.atRevision(1));
        assertEquals(full, stored(catalog, maximal));
        Rollout advanced = update(catalog, full.advance(T0.plusSeconds(7200)));
        assertEquals(advanced, stored(catalog, maximal));
        assertEquals(2, advanced.stage());
        Rollout bareAgain = update(catalog, bare(maximal).atRevision(3));
        assertEquals(bareAgain, stored(catalog, maximal));
        assertEquals(4, bareAgain.revision());
    }

    /** {@code rollout} with every optional field absent and the simplest target. */
    private static Rollout bare(Rollout rollout) {
        return new Rollout(rollout.id(), rollout.releaseId(), rollout.productId(), RolloutTarget.all(),
                Optional.empty(), 0, rollout.createdAt(), Optional.empty(), RolloutState.ACTIVE, Optional.empty(),
                RolloutGuard.defaults(), rollout.salt(), rollout.createdAt(), rollout.createdAt(), 0);
    }
}
