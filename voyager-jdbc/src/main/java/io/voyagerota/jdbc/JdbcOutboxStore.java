package io.voyagerota.jdbc;

import io.voyagerota.ConflictException;
import io.voyagerota.NotFoundException;
import io.voyagerota.outbox.ClaimFilter;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.spi.OutboxStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link OutboxStore} on {@code voyager_outbox}. Every method is one transaction or one statement, so it is safe
 * for any number of threads and nodes.
 *
 * <p>A claim selects the oldest claimable rows and moves them to {@code PROCESSING} in one transaction. On
 * PostgreSQL the select is {@code FOR UPDATE SKIP LOCKED}: concurrent claimers lock disjoint rows and never wait
 * for each other. On H2, claims first take the row lock of {@code voyager_outbox_claim_lock} and so run one at a
 * time: H2 accepts {@code SKIP LOCKED} but, for a query that must sort, applies the row limit before skipping locked
 * rows, so a concurrent claimer would come back empty while events are due. Either way the update re-checks that
 * each row is still claimable, so a row can never be handed to two owners while its lease holds.
 *
 * <p>A row is claimable only while no row of its aggregate with a lower {@code seq} is PENDING or PROCESSING. On
 * PostgreSQL a claimer that skips a row locked by another claimer still sees that row as PENDING in its snapshot,
 * so it does not take the next event of that aggregate either; on H2, claims run one at a time anyway.
 */
final class JdbcOutboxStore implements OutboxStore {
    private static final String CLAIMABLE = " WHERE state IN ('PENDING', 'PROCESSING')"
            + " AND ((state = 'PENDING' AND next_attempt_at <= ?) OR (state = 'PROCESSING' AND lease_until < ?))";
    /**
     * No earlier event of the row's aggregate is unfinished: the events of one aggregate go out one at a time, in
     * {@code seq} order (the identity column, assigned at insert, so commit order for each aggregate: see
     * {@link OutboxStore#claim(String, Instant, Duration, int, ClaimFilter)}). Served by the index
     * {@code voyager_outbox_by_aggregate} (version 5).
     */
    private static final String FIRST_OF_AGGREGATE = " AND (o.aggregate_id = '' OR NOT EXISTS (SELECT 1 FROM"
            + " voyager_outbox e WHERE e.aggregate_id = o.aggregate_id AND e.seq < o.seq"
            + " AND e.state IN ('PENDING', 'PROCESSING')))";
    /** How many ids one {@code IN} list of {@link #appendIfAbsent} holds. */
    private static final int IN_LIST = 500;
    private static final String LEASED_BY = " WHERE id = ? AND state = 'PROCESSING' AND lease_owner = ?";

    private final Transactions tx;
    private final Dialect dialect;

    JdbcOutboxStore(Transactions tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
    }

    @Override
    public void append(List<OutboxEvent> events) {
        List<OutboxEvent> checked = OutboxRows.checkNew(events);
        if (checked.isEmpty()) {
            return;
        }
        tx.inTransaction("appending outbox events", c -> {
            OutboxRows.insert(c, checked);
            return null;
        });
    }

    /**
     * One transaction: reads which ids are stored, inserts the others. Should a concurrent append store one of
     * them in between (the insert then hits the primary key; on PostgreSQL it first waits for that transaction),
     * the transaction is rolled back and run again, and then finds it stored.
     */
    @Override
    public int appendIfAbsent(List<OutboxEvent> events) {
        List<OutboxEvent> checked = OutboxRows.checkNew(events);
        if (checked.isEmpty()) {
            return 0;
        }
        return tx.inTransaction("appending outbox events that are not stored yet", c -> {
            Set<String> stored = new HashSet<>();
            for (int from = 0; from < checked.size(); from += IN_LIST) {
                List<OutboxEvent> part = checked.subList(from, Math.min(checked.size(), from + IN_LIST));
                try (PreparedStatement ps = c.prepareStatement("SELECT id FROM voyager_outbox WHERE id IN ("
                        + String.join(", ", Collections.nCopies(part.size(), "?")) + ")")) {
                    for (int i = 0; i < part.size(); i++) {
                        ps.setString(i + 1, part.get(i).id());
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            stored.add(rs.getString(1));
                        }
                    }
                }
            }
            List<OutboxEvent> missing = checked.stream().filter(e -> !stored.contains(e.id())).toList();
            try {
                OutboxRows.insert(c, missing);
            } catch (ConflictException raced) {
                throw new Transactions.Retry(new SQLException(raced.getMessage(), "23505"));
            }
            return missing.size();
        });
    }

    @Override
    public List<OutboxEvent> claim(String owner, Instant now, Duration lease, int limit, ClaimFilter filter) {
        Objects.requireNonNull(filter, "filter must not be null; use ClaimFilter.all()");
        Objects.requireNonNull(owner, "owner must not be null");
        Objects.requireNonNull(now, "now must not be null");
        Objects.requireNonNull(lease, "lease must not be null");
        if (owner.isBlank()) {
            throw new IllegalArgumentException("owner must not be blank");
        }
        if (owner.length() > OutboxEvent.MAX_OWNER_LENGTH) {
            throw new IllegalArgumentException("owner must be at most " + OutboxEvent.MAX_OWNER_LENGTH
                    + " characters, got " + owner.length());
        }
        if (lease.isZero() || lease.isNegative()) {
            throw new IllegalArgumentException("lease must be positive, got " + lease);
        }
        requireLimit(limit);
        Instant leaseUntil = Columns.stored(now.plus(lease));
        return tx.inTransaction("claiming outbox events", c -> {
            if (dialect == Dialect.H2) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT id FROM voyager_outbox_claim_lock WHERE id = 1 FOR UPDATE");
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
            List<OutboxEvent> candidates = new ArrayList<>();
            String lock = dialect == Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : " FOR UPDATE";
            List<String> types = List.copyOf(filter.types());
            String byType = filter.isAll() ? "" : " AND o.type" + (filter.exclude() ? " NOT IN (" : " IN (")
                    + String.join(", ", Collections.nCopies(types.size(), "?")) + ")";
            try (PreparedStatement ps = c.prepareStatement("SELECT " + OutboxRows.COLUMNS
                    + " FROM voyager_outbox o" + CLAIMABLE + byType + FIRST_OF_AGGREGATE + OutboxRows.ORDER
                    + " LIMIT ?" + lock)) {
                int p = 1;
                Columns.setInstant(ps, p++, now);
                Columns.setInstant(ps, p++, now);
                for (String type : types) {
                    ps.setString(p++, type);
                }
                ps.setInt(p, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(OutboxRows.read(rs));
                    }
                }
            }
            if (candidates.isEmpty()) {
                return List.of();
            }
            int[] updated;
            // The update checks again, on the newest committed rows, that each is claimable and first of its aggregate.
            try (PreparedStatement ps = c.prepareStatement("UPDATE voyager_outbox o SET state = 'PROCESSING',"
                    + " lease_owner = ?, lease_until = ?, attempts = attempts + 1" + CLAIMABLE + " AND id = ?"
                    + FIRST_OF_AGGREGATE)) {
                for (OutboxEvent event : candidates) {
                    ps.setString(1, owner);
                    Columns.setInstant(ps, 2, leaseUntil);
                    Columns.setInstant(ps, 3, now);
                    Columns.setInstant(ps, 4, now);
                    ps.setString(5, event.id());
                    ps.addBatch();
                }
                updated = ps.executeBatch();
            }
            List<OutboxEvent> claimed = new ArrayList<>(candidates.size());
            for (int i = 0; i < candidates.size(); i++) {
                // Defence in depth: a row that stopped being claimable since the select is left alone.
                if (updated[i] == 1 || updated[i] == PreparedStatement.SUCCESS_NO_INFO) {
                    claimed.add(candidates.get(i).withClaim(owner, leaseUntil));
                }
            }
            return Collections.unmodifiableList(claimed);
        });
    }

    @Override
    public boolean markProcessed(String id, String owner, Instant now) {
        Objects.requireNonNull(now, "now must not be null");
        return updateLeased("marking an outbox event processed", id, owner,
                "UPDATE voyager_outbox SET state = 'PROCESSED', lease_owner = NULL, lease_until = NULL,"
                        + " processed_at = ?" + LEASED_BY, ps -> Columns.setInstant(ps, 1, now));
    }

    @Override
    public boolean markForRetry(String id, String owner, Instant nextAttemptAt, String error) {
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt must not be null");
        Objects.requireNonNull(error, "error must not be null");
        return updateLeased("scheduling an outbox event for retry", id, owner,
                "UPDATE voyager_outbox SET state = 'PENDING', lease_owner = NULL, lease_until = NULL,"
                        + " next_attempt_at = ?, last_error = ?" + LEASED_BY, ps -> {
                    Columns.setInstant(ps, 1, nextAttemptAt);
                    ps.setString(2, OutboxEvent.truncateError(error));
                });
    }

    @Override
    public boolean markFailed(String id, String owner, String error) {
        Objects.requireNonNull(error, "error must not be null");
        return updateLeased("marking an outbox event failed", id, owner,
                "UPDATE voyager_outbox SET state = 'FAILED', lease_owner = NULL, lease_until = NULL,"
                        + " last_error = ?" + LEASED_BY, ps -> ps.setString(1, OutboxEvent.truncateError(error)));
    }

    @Override
    public boolean resubmit(String id, Instant now) {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(now, "now must not be null");
        return tx.inTransaction("resubmitting an outbox event", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE voyager_outbox SET state = 'PENDING',"
                    + " attempts = 0, next_attempt_at = ? WHERE id = ? AND state = 'FAILED'")) {
                Columns.setInstant(ps, 1, now);
                ps.setString(2, id);
                if (ps.executeUpdate() == 1) {
                    return true;
                }
            }
            if (find(c, id).isEmpty()) {
                throw new NotFoundException("outbox event", id);
            }
            return false;
        });
    }

    @Override
    public boolean discard(String id, String note) {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(note, "note must not be null");
        return tx.inTransaction("discarding an outbox event", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE voyager_outbox SET state = 'DISCARDED',"
                    + " last_error = ? WHERE id = ? AND state = 'FAILED'")) {
                ps.setString(1, OutboxEvent.truncateError(note));
                ps.setString(2, id);
                if (ps.executeUpdate() == 1) {
                    return true;
                }
            }
            if (find(c, id).isEmpty()) {
                throw new NotFoundException("outbox event", id);
            }
            return false;
        });
    }

    @Override
    public Optional<OutboxEvent> find(String id) {
        Objects.requireNonNull(id, "id must not be null");
        return tx.autoCommit("reading an outbox event", c -> find(c, id));
    }

    private static Optional<OutboxEvent> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(OutboxRows.SELECT + " WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(OutboxRows.read(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public List<OutboxEvent> list(OutboxState state, String afterId, int limit) {
        Objects.requireNonNull(state, "state must not be null");
        Objects.requireNonNull(afterId, "afterId must not be null; use \"\" for the first page");
        requireLimit(limit);
        return tx.autoCommit("listing outbox events", c -> {
            Instant afterCreated = Instant.EPOCH.minusSeconds(1);
            long afterSeq = Long.MIN_VALUE;
            if (!afterId.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT created_at, seq FROM voyager_outbox WHERE id = ?")) {
                    ps.setString(1, afterId);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new NotFoundException("outbox event", afterId);
                        }
                        afterCreated = Columns.getInstant(rs, "created_at");
                        afterSeq = rs.getLong("seq");
                    }
                }
            }
            String page = afterId.isEmpty() ? "" : " AND (created_at > ? OR (created_at = ? AND seq > ?))";
            try (PreparedStatement ps = c.prepareStatement(OutboxRows.SELECT + " WHERE state = ?" + page
                    + OutboxRows.ORDER + " LIMIT ?")) {
                int i = 1;
                ps.setString(i++, state.name());
                if (!afterId.isEmpty()) {
                    Columns.setInstant(ps, i++, afterCreated);
                    Columns.setInstant(ps, i++, afterCreated);
                    ps.setLong(i++, afterSeq);
                }
                ps.setInt(i, limit);
                List<OutboxEvent> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(OutboxRows.read(rs));
                    }
                }
                return Collections.unmodifiableList(out);
            }
        });
    }

    @Override
    public Map<OutboxState, Long> counts() {
        Map<OutboxState, Long> counts = new EnumMap<>(OutboxState.class);
        for (OutboxState state : OutboxState.values()) {
            counts.put(state, 0L);
        }
        tx.autoCommit("counting outbox events", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT state, COUNT(*) FROM voyager_outbox GROUP BY state");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(OutboxState.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return null;
        });
        return Collections.unmodifiableMap(counts);
    }

    @Override
    public String toString() {
        return "JdbcOutboxStore[" + dialect + "]";
    }

    /** Binds the parameters that come before the {@link #LEASED_BY} clause. */
    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private boolean updateLeased(String operation, String id, String owner, String sql, Binder binder) {
        Objects.requireNonNull(id, "id must not be null");
        Objects.requireNonNull(owner, "owner must not be null");
        return tx.autoCommit(operation, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                int next = (int) sql.chars().filter(ch -> ch == '?').count() - 1;
                ps.setString(next, id);
                ps.setString(next + 1, owner);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static void requireLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
    }
}
