package io.voyagerota.spi;

import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.rollout.Rollout;

import java.util.List;
import java.util.Optional;

/**
 * Products, releases and rollouts. Reads may be slow (a database round trip): Voyager reads the whole catalog into
 * an in-memory snapshot and never calls this on the device check path.
 *
 * <p>Contract, checked by the registry compatibility kit:
 * <ul>
 * <li>{@link #commit} is atomic: either every write and every outbox event of the change is stored, or none is.</li>
 * <li>An update whose expected revision differs from the stored one fails with
 *     {@link io.voyagerota.ConcurrentUpdateException}; of two concurrent updates of one object exactly one wins.</li>
 * <li>Inserting a release whose version is not newer than every non-deleted release of its product fails with
 *     {@link io.voyagerota.catalog.NonMonotonicVersionException}, checked atomically with the insert.</li>
 * <li>An update that makes a deleted release live again fails with {@link io.voyagerota.ConflictException} when
 *     another live release of the product has an equal version.</li>
 * <li>Inserting an id that exists fails with {@link io.voyagerota.ConflictException}; updating one that does not
 *     fails with {@link io.voyagerota.NotFoundException}.</li>
 * <li>Every successful commit or product insert increases {@link #generation()}.</li>
 * </ul>
 */
public interface CatalogRegistry {

    /** Stores a new product; a product with the same id fails with {@link io.voyagerota.ConflictException}. */
    void insertProduct(Product product);

    Optional<Product> findProduct(String productId);

    /** All products, by id. */
    List<Product> products();

    /** Applies a change atomically; see the class contract. */
    void commit(CatalogChange change);

    Optional<Release> findRelease(String releaseId);

    /** Every release of a product, deleted ones included, oldest version first. */
    List<Release> releases(String productId);

    Optional<Rollout> findRollout(String rolloutId);

    /** Every rollout of a product. */
    List<Rollout> rollouts(String productId);

    /**
     * A number that grows with every change to the catalog. Nodes compare it to decide whether to reload their
     * snapshot, so a change made on one node reaches the others.
     */
    long generation();
}
