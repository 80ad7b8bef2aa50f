package io.voyagerota.jdbc;

import io.voyagerota.ConflictException;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Maps {@link OutboxEvent} to rows of {@code voyager_outbox} and back, and writes new events; shared by the outbox
 * store and by catalog commits, which write their events on their own connection and transaction.
 */
final class OutboxRows {
    static final String COLUMNS = "id, type, aggregate_id, payload, state, attempts, created_at, next_attempt_at,"
            + " lease_owner, lease_until, last_error";
    static final String SELECT = "SELECT " + COLUMNS + " FROM voyager_outbox";
    /** Oldest first; {@code seq} (insertion order) breaks ties between equal creation times. */
    static final String ORDER = " ORDER BY created_at, seq";

    private OutboxRows() {
    }

    /**
     * Checks a batch of new events before anything is written: no nulls, all {@code PENDING}, no repeated id.
     *
     * @return an immutable copy
     */
    static List<OutboxEvent> checkNew(List<OutboxEvent> events) {
        Objects.requireNonNull(events, "events must not be null");
        List<OutboxEvent> copy = List.copyOf(events); // rejects null elements
        Set<String> ids = new HashSet<>();
        for (OutboxEvent event : copy) {
            if (event.state() != OutboxState.PENDING) {
                throw new IllegalArgumentException("outbox event " + event.id() + " is " + event.state()
                        + " but only new PENDING events can be appended; create it with OutboxEvent.pending(…)");
            }
            if (!ids.add(event.id())) {
                throw duplicate("'" + event.id() + "'");
            }
        }
        return copy;
    }

    /** Inserts checked new events in one batch on the caller's transaction. */
    static void insert(Connection c, List<OutboxEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO voyager_outbox (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (OutboxEvent e : events) {
                ps.setString(1, e.id());
                ps.setString(2, e.type());
                ps.setString(3, e.aggregateId());
                ps.setString(4, e.payload());
                ps.setString(5, e.state().name());
                ps.setInt(6, e.attempts());
                Columns.setInstant(ps, 7, e.createdAt());
                Columns.setInstant(ps, 8, e.nextAttemptAt());
                Columns.setString(ps, 9, e.leaseOwner());
                Columns.setInstant(ps, 10, e.leaseUntil());
                Columns.setString(ps, 11, e.lastError());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            if (SqlErrors.isUniqueViolation(e)) {
                throw duplicate(events.size() == 1 ? "'" + events.get(0).id() + "'"
                        : "(one of " + events.stream().map(OutboxEvent::id).limit(5).toList()
                        + (events.size() > 5 ? " and " + (events.size() - 5) + " more)" : ")"));
            }
            throw e;
        }
    }

    static OutboxEvent read(ResultSet rs) throws SQLException {
        return new OutboxEvent(rs.getString("id"), rs.getString("type"), rs.getString("aggregate_id"),
                rs.getString("payload"), OutboxState.valueOf(rs.getString("state")), rs.getInt("attempts"),
                Columns.getInstant(rs, "created_at"), Columns.getInstant(rs, "next_attempt_at"),
                Columns.getOptionalString(rs, "lease_owner"), Columns.getOptionalInstant(rs, "lease_until"),
                Columns.getOptionalString(rs, "last_error"));
    }

    private static ConflictException duplicate(String which) {
        return new ConflictException("outbox event " + which + " already exists; give every event a new id"
                + " (OutboxEvent.pending(…) uses a random UUID)");
    }
}
