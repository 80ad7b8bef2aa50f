package io.voyagerota.jdbc;

import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxHandler;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An idempotent outbox handler with a visible effect, for the relay tests: each delivery logs an attempt, and the
 * effect itself is {@code INSERT … ON CONFLICT DO NOTHING} keyed by the event id, so redelivery changes nothing.
 */
final class RelayEffects {
    static final String TYPE = "effect.apply";

    private RelayEffects() {
    }

    static void createTables(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE effect (event_id VARCHAR(64) PRIMARY KEY, relay VARCHAR(128) NOT NULL)");
            s.execute("CREATE TABLE effect_attempt (event_id VARCHAR(64) NOT NULL, relay VARCHAR(128) NOT NULL)");
        }
    }

    /** Applies an event's effect once, however often it is delivered; logs every delivery. */
    static OutboxHandler handler(DataSource dataSource, String relay, long pauseMillis) {
        return event -> {
            apply(dataSource, event, relay);
            if (pauseMillis > 0) {
                Thread.sleep(pauseMillis);
            }
        };
    }

    private static void apply(DataSource dataSource, OutboxEvent event, String relay) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO effect_attempt (event_id, relay) VALUES (?, ?)")) {
                ps.setString(1, event.id());
                ps.setString(2, relay);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO effect (event_id, relay) VALUES (?, ?) ON CONFLICT (event_id) DO NOTHING")) {
                ps.setString(1, event.id());
                ps.setString(2, relay);
                ps.executeUpdate();
            }
        }
    }
}
