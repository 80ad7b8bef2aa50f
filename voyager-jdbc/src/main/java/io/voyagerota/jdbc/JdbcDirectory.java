package io.voyagerota.jdbc;

import io.voyagerota.device.DirectoryEntry;
import io.voyagerota.support.Checks;
import io.voyagerota.spi.DirectoryStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link DirectoryStore} on JDBC: table {@code voyager_device_directory} and the one-row revision counter
 * {@code voyager_directory_revision}.
 *
 * <p>Every write first increments the counter row and keeps it locked until it commits. That serialises directory
 * writers (on every node, since the lock is the database's) and makes revision order the same as commit order: the
 * writer of revision r+1 cannot read the counter before the writer of r has committed. So once a reader has seen r,
 * every change it has not seen commits above r, and paging with {@link #changedSince} never skips one. A sequence
 * or identity column would hand out numbers at once, out of commit order, and a slow writer's lower number could
 * appear after a reader had moved past it. Directory writes are operator actions (enrolment, tagging), so
 * serialising them costs nothing that matters; reads take no lock at all.
 *
 * <p>The counter is taken before the device row in every write, so two writes cannot lock the same rows in
 * opposite orders. A write that turns out to change nothing rolls back, giving its revision back.
 */
final class JdbcDirectory implements DirectoryStore {
    private static final String SELECT = "SELECT device_id, secret_hash, tags, revision, updated_at"
            + " FROM voyager_device_directory";

    private final Transactions tx;

    JdbcDirectory(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public DirectoryEntry putCredential(String deviceId, String secretHash, Instant at) {
        checkWrite(deviceId, at);
        DirectoryEntry.checkSecretHash(secretHash);
        return tx.inTransaction("storing a device credential", c -> {
            long revision = nextRevision(c);
            if (update(c, "secret_hash = ?", "", deviceId, revision, at, ps -> ps.setString(1, secretHash)) == 0) {
                insert(c, deviceId, Optional.of(secretHash), Set.of(), revision, at);
            }
            return read(c, deviceId);
        });
    }

    @Override
    public boolean removeCredential(String deviceId, Instant at) {
        checkWrite(deviceId, at);
        return tx.inTransaction("removing a device credential", c -> {
            long revision = nextRevision(c);
            if (update(c, "secret_hash = NULL", " AND secret_hash IS NOT NULL", deviceId, revision, at,
                    ps -> { }) == 0) {
                c.rollback(); // nothing to remove: give the revision back
                return false;
            }
            return true;
        });
    }

    @Override
    public DirectoryEntry putTags(String deviceId, Set<String> tags, Instant at) {
        checkWrite(deviceId, at);
        Set<String> stored = DirectoryEntry.tags(tags);
        return tx.inTransaction("storing device tags", c -> {
            long revision = nextRevision(c);
            if (update(c, "tags = ?", "", deviceId, revision, at, ps -> ps.setString(1, text(stored))) == 0) {
                insert(c, deviceId, Optional.empty(), stored, revision, at);
            }
            return read(c, deviceId);
        });
    }

    @Override
    public Optional<DirectoryEntry> find(String deviceId) {
        Checks.notNull(deviceId, "deviceId");
        return tx.autoCommit("reading a device directory entry", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE device_id = ?")) {
                ps.setString(1, deviceId);
                List<DirectoryEntry> found = entries(ps);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    @Override
    public List<DirectoryEntry> changedSince(long revision, int limit) {
        Checks.inRange(revision, 0, Long.MAX_VALUE, "revision");
        Checks.inRange(limit, 1, Integer.MAX_VALUE, "limit");
        return tx.autoCommit("reading device directory changes", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE revision > ? ORDER BY revision"
                    + " LIMIT ?")) {
                ps.setLong(1, revision);
                ps.setInt(2, limit);
                return entries(ps);
            }
        });
    }

    private static void checkWrite(String deviceId, Instant at) {
        DirectoryEntry.checkDeviceId(deviceId);
        Checks.notNull(at, "at");
    }

    /** Increments the counter, locking its row until this transaction ends, and returns the new revision. */
    private static long nextRevision(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE voyager_directory_revision SET revision = revision + 1 WHERE id = 1")) {
            if (ps.executeUpdate() != 1) {
                throw new SQLException("the voyager_directory_revision row is missing; run JdbcRegistry.migrate()",
                        "42P01");
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT revision FROM voyager_directory_revision WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Tags as stored: alphabetical (as {@link DirectoryEntry#tags} returns them), comma-separated. */
    private static String text(Set<String> tags) {
        return String.join(",", tags);
    }

    /** Binds the value of the one column a write sets, as parameter 1. */
    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Sets one column ({@code set}, a constant) of a device's row, if it exists and meets {@code condition}. */
    private static int update(Connection c, String set, String condition, String deviceId, long revision, Instant at,
                              Binder value) throws SQLException {
        int offset = set.contains("?") ? 1 : 0;
        try (PreparedStatement ps = c.prepareStatement("UPDATE voyager_device_directory SET " + set
                + ", revision = ?, updated_at = ? WHERE device_id = ?" + condition)) {
            value.bind(ps);
            ps.setLong(offset + 1, revision);
            Columns.setInstant(ps, offset + 2, at);
            ps.setString(offset + 3, deviceId);
            return ps.executeUpdate();
        }
    }

    private static void insert(Connection c, String deviceId, Optional<String> secretHash, Set<String> tags,
                               long revision, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO voyager_device_directory"
                + " (device_id, secret_hash, tags, revision, updated_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, deviceId);
            if (secretHash.isPresent()) {
                ps.setString(2, secretHash.get());
            } else {
                ps.setNull(2, Types.VARCHAR);
            }
            ps.setString(3, text(tags));
            ps.setLong(4, revision);
            Columns.setInstant(ps, 5, at);
            ps.executeUpdate();
        }
    }

    private static DirectoryEntry read(Connection c, String deviceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE device_id = ?")) {
            ps.setString(1, deviceId);
            return entries(ps).get(0);
        }
    }

    private static List<DirectoryEntry> entries(PreparedStatement ps) throws SQLException {
        List<DirectoryEntry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String tags = rs.getString("tags");
                out.add(new DirectoryEntry(rs.getString("device_id"), Columns.getOptionalString(rs, "secret_hash"),
                        tags.isEmpty() ? Set.of() : DirectoryEntry.tags(Arrays.asList(tags.split(","))),
                        rs.getLong("revision"),
                        Columns.getInstant(rs, "updated_at")));
            }
        }
        return List.copyOf(out);
    }
}
