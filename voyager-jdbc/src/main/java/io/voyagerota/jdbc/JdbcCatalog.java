package io.voyagerota.jdbc;

import io.voyagerota.ConcurrentUpdateException;
import io.voyagerota.ConflictException;
import io.voyagerota.NotFoundException;
import io.voyagerota.catalog.NonMonotonicVersionException;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.rollout.Rollout;
import io.voyagerota.spi.CatalogChange;
import io.voyagerota.spi.CatalogRegistry;
import io.voyagerota.version.Version;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@link CatalogRegistry} on JDBC. A commit is one transaction that first locks the rows of the products it
 * touches ({@code SELECT … FOR UPDATE}, in id order so that two commits cannot deadlock), which serialises every
 * writer of a product: the monotonic-version and live-twin checks then read a state nobody else can change before
 * the commit ends. Updates are still guarded by {@code WHERE revision = ?}, and the unique indexes back every check
 * up. The generation row is updated last in every transaction, so it never takes part in a lock cycle.
 */
final class JdbcCatalog implements CatalogRegistry {
    private final Transactions tx;

    JdbcCatalog(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void insertProduct(Product product) {
        Objects.requireNonNull(product, "product must not be null");
        tx.inTransaction("inserting a product", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO voyager_product"
                    + " (id, name, models, max_artifact_bytes, release_key_pem) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, product.id());
                ps.setString(2, product.name());
                ps.setString(3, CatalogJson.models(product.models()));
                ps.setLong(4, product.maxArtifactBytes());
                Columns.setString(ps, 5, product.releaseKeyPem());
                ps.executeUpdate();
            } catch (SQLException e) {
                if (SqlErrors.isUniqueViolation(e)) {
                    throw new ConflictException("product '" + product.id() + "' already exists");
                }
                throw e;
            }
            bumpGeneration(c);
            return null;
        });
    }

    @Override
    public Optional<Product> findProduct(String productId) {
        Objects.requireNonNull(productId, "productId must not be null");
        return tx.autoCommit("reading a product", c -> {
            List<Product> found = products(c, " WHERE id = ?", productId);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        });
    }

    @Override
    public List<Product> products() {
        return tx.autoCommit("listing products", c -> products(c, " ORDER BY id", null));
    }

    private static List<Product> products(Connection c, String where, String parameter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, models, max_artifact_bytes, release_key_pem"
                + " FROM voyager_product" + where)) {
            if (parameter != null) {
                ps.setString(1, parameter);
            }
            List<Product> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Product(rs.getString("id"), rs.getString("name"),
                            Json.parse("models", rs.getString("models"), CatalogJson::models),
                            rs.getLong("max_artifact_bytes"), Columns.getOptionalString(rs, "release_key_pem")));
                }
            }
            return List.copyOf(out);
        }
    }

    @Override
    public void commit(CatalogChange change) {
        Objects.requireNonNull(change, "change must not be null");
        List<OutboxEvent> events = OutboxRows.checkNew(change.events());
        tx.inTransaction("committing a catalog change", c -> {
            Set<String> products = lockProducts(c, change);
            for (CatalogChange.ReleaseWrite w : change.releases()) {
                writeRelease(c, w.release(), w.expectedRevision(), products);
            }
            for (CatalogChange.RolloutWrite w : change.rollouts()) {
                writeRollout(c, w.rollout(), w.expectedRevision());
            }
            OutboxRows.insert(c, events);
            bumpGeneration(c);
            return null;
        });
    }

    /** Locks the touched products' rows in id order; returns the ids that exist. */
    private static Set<String> lockProducts(Connection c, CatalogChange change) throws SQLException {
        Set<String> ids = new TreeSet<>();
        change.releases().forEach(w -> ids.add(w.release().productId()));
        change.rollouts().forEach(w -> ids.add(w.rollout().productId()));
        Set<String> existing = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM voyager_product WHERE id = ? FOR UPDATE")) {
            for (String id : ids) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        existing.add(id);
                    }
                }
            }
        }
        return existing;
    }

    private static void writeRelease(Connection c, Release r, long expected, Set<String> products)
            throws SQLException {
        if (!products.contains(r.productId())) {
            throw new NotFoundException("product", r.productId());
        }
        Stored current = stored(c, "voyager_release", r.id());
        if (expected == 0) {
            if (current != null) {
                throw new ConflictException("release '" + r.id() + "' already exists");
            }
            Optional<Version> newest = newestLiveVersion(c, r.productId());
            if (newest.isPresent() && newest.get().sortKey().compareTo(r.version().sortKey()) >= 0) {
                throw new NonMonotonicVersionException(r.productId(), r.version(), newest.get());
            }
            try (PreparedStatement ps = c.prepareStatement(ReleaseRows.INSERT)) {
                ReleaseRows.bindInsert(ps, r, 1);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (SqlErrors.isUniqueViolation(e)) { // a concurrent insert under another product won the id
                    throw new ConflictException("release '" + r.id() + "' already exists");
                }
                throw e;
            }
            return;
        }
        checkRevision("release", r.id(), current, expected);
        if (current.deleted() && !r.deleted() && hasLiveTwin(c, r)) {
            throw new ConflictException("cannot restore release " + r.version() + " of product '" + r.productId()
                    + "': another live release has that version; delete or revoke that one first");
        }
        try (PreparedStatement ps = c.prepareStatement(ReleaseRows.UPDATE)) {
            ReleaseRows.bindUpdate(ps, r, expected);
            if (ps.executeUpdate() != 1) {
                throw new ConcurrentUpdateException("release", r.id(), expected);
            }
        } catch (SQLException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                throw new ConflictException("release " + r.version() + " of product '" + r.productId()
                        + "' would have the same version as another live release");
            }
            throw e;
        }
    }

    private static void writeRollout(Connection c, Rollout r, long expected) throws SQLException {
        Stored current = stored(c, "voyager_rollout", r.id());
        if (expected == 0) {
            if (current != null) {
                throw new ConflictException("rollout '" + r.id() + "' already exists");
            }
            try (PreparedStatement ps = c.prepareStatement(RolloutRows.INSERT)) {
                RolloutRows.bindInsert(ps, r, 1);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (SqlErrors.isUniqueViolation(e)) {
                    throw new ConflictException("rollout '" + r.id() + "' already exists");
                }
                throw e;
            }
            return;
        }
        checkRevision("rollout", r.id(), current, expected);
        try (PreparedStatement ps = c.prepareStatement(RolloutRows.UPDATE)) {
            RolloutRows.bindUpdate(ps, r, expected);
            if (ps.executeUpdate() != 1) {
                throw new ConcurrentUpdateException("rollout", r.id(), expected);
            }
        }
    }

    /** The revision and deletion flag of a stored row. */
    private record Stored(long revision, boolean deleted) {
    }

    private static Stored stored(Connection c, String table, String id) throws SQLException {
        String deleted = table.equals("voyager_release") ? "deleted" : "FALSE";
        try (PreparedStatement ps = c.prepareStatement("SELECT revision, " + deleted + " FROM " + table
                + " WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Stored(rs.getLong(1), rs.getBoolean(2)) : null;
            }
        }
    }

    private static void checkRevision(String what, String id, Stored current, long expected) {
        if (current == null) {
            throw new NotFoundException(what, id);
        }
        if (current.revision() != expected) {
            throw new ConcurrentUpdateException(what, id, expected);
        }
    }

    private static Optional<Version> newestLiveVersion(Connection c, String productId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM voyager_release"
                + " WHERE product_id = ? AND deleted = FALSE ORDER BY version_key DESC LIMIT 1")) {
            ps.setString(1, productId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(Version.parse(rs.getString(1))) : Optional.empty();
            }
        }
    }

    private static boolean hasLiveTwin(Connection c, Release r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM voyager_release"
                + " WHERE product_id = ? AND version_key = ? AND deleted = FALSE AND id <> ?")) {
            ps.setString(1, r.productId());
            ps.setString(2, r.version().sortKey());
            ps.setString(3, r.id());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void bumpGeneration(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE voyager_catalog_generation SET generation = generation + 1 WHERE id = 1")) {
            if (ps.executeUpdate() != 1) {
                throw new SQLException("the voyager_catalog_generation row is missing; run JdbcRegistry.migrate()",
                        "42P01");
            }
        }
    }

    @Override
    public Optional<Release> findRelease(String releaseId) {
        Objects.requireNonNull(releaseId, "releaseId must not be null");
        return tx.autoCommit("reading a release", c -> {
            List<Release> found = releases(c, " WHERE id = ?", releaseId);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        });
    }

    @Override
    public List<Release> releases(String productId) {
        Objects.requireNonNull(productId, "productId must not be null");
        return tx.autoCommit("listing releases",
                c -> releases(c, " WHERE product_id = ? ORDER BY version_key, seq", productId));
    }

    private static List<Release> releases(Connection c, String where, String parameter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ReleaseRows.SELECT + where)) {
            ps.setString(1, parameter);
            List<Release> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(ReleaseRows.read(rs));
                }
            }
            return List.copyOf(out);
        }
    }

    @Override
    public Optional<Rollout> findRollout(String rolloutId) {
        Objects.requireNonNull(rolloutId, "rolloutId must not be null");
        return tx.autoCommit("reading a rollout", c -> {
            List<Rollout> found = rollouts(c, " WHERE id = ?", rolloutId);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        });
    }

    @Override
    public List<Rollout> rollouts(String productId) {
        Objects.requireNonNull(productId, "productId must not be null");
        return tx.autoCommit("listing rollouts", c -> rollouts(c, " WHERE product_id = ? ORDER BY seq", productId));
    }

    private static List<Rollout> rollouts(Connection c, String where, String parameter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RolloutRows.SELECT + where)) {
            ps.setString(1, parameter);
            List<Rollout> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(RolloutRows.read(rs));
                }
            }
            return List.copyOf(out);
        }
    }

    @Override
    public long generation() {
        return tx.autoCommit("reading the catalog generation", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT generation FROM voyager_catalog_generation WHERE id = 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }
}
