package io.voyagerota.server.cluster;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fan-out chunks of a cluster's outbox with their leases, read from its database: the admin API shows states
 * but not which node holds a chunk, and a test that kills a node mid-chunk must know that.
 */
final class FanOutWatch {
    /** One chunk: its lease owner ({@code relay-<pid>-…}, empty when none) and until when it holds it. */
    record Chunk(String id, String state, String owner, Instant leaseUntil, Instant processedAt, int attempts) {
        boolean processed() {
            return state.equals("PROCESSED");
        }
    }

    private final DataSource database;

    FanOutWatch(DataSource database) {
        this.database = database;
    }

    /** Every chunk, by id. */
    Map<String, Chunk> chunks() throws SQLException {
        Map<String, Chunk> out = new HashMap<>();
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, state, lease_owner, lease_until, processed_at, attempts"
                     + " FROM voyager_outbox WHERE type = 'devices.trigger.chunk'")) {
            while (r.next()) {
                out.put(r.getString(1), new Chunk(r.getString(1), r.getString(2),
                        Optional.ofNullable(r.getString(3)).orElse(""), instant(r.getTimestamp(4), Instant.MIN),
                        instant(r.getTimestamp(5), Instant.MAX), r.getInt(6)));
            }
        }
        return out;
    }

    /** The chunks stored since {@code before} was read: those of the fan-outs that began since. */
    Map<String, Chunk> since(Set<String> before) throws SQLException {
        Map<String, Chunk> all = chunks();
        all.keySet().removeAll(before);
        return all;
    }

    private static Instant instant(Timestamp t, Instant none) {
        return t == null ? none : t.toInstant();
    }
}
