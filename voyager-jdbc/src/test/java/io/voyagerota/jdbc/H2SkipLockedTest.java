package io.voyagerota.jdbc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Why claims on H2 take a lock instead of relying on {@code SKIP LOCKED}. H2 accepts {@code FOR UPDATE SKIP LOCKED},
 * and skips locked rows while it reads rows in the requested order straight from an index; but when it must sort
 * (as the outbox claim must: oldest first across two states), it applies {@code FETCH FIRST n} before skipping, so a
 * second claimer gets nothing while due rows remain. If the second test fails after an H2 upgrade, H2 changed and
 * the claim lock may go.
 */
class H2SkipLockedTest {
    private TestDatabase database;

    @BeforeEach
    void queue() {
        database = TestDatabase.h2();
        database.execute("CREATE TABLE queue (id INTEGER PRIMARY KEY, state VARCHAR(16), created INTEGER)",
                "CREATE INDEX queue_by_state ON queue (state, created, id)",
                "INSERT INTO queue SELECT X, CASE WHEN MOD(X, 2) = 0 THEN 'PENDING' ELSE 'PROCESSING' END, X"
                        + " FROM SYSTEM_RANGE(1, 20)");
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void inIndexOrderH2SkipsLockedRows() throws SQLException {
        assertEquals(List.of(List.of(1, 2, 3), List.of(4, 5, 6)),
                twoClaims("SELECT id FROM queue ORDER BY id FETCH FIRST 3 ROWS ONLY FOR UPDATE SKIP LOCKED"));
    }

    @Test
    void whenItMustSortH2LimitsBeforeSkippingLockedRows() throws SQLException {
        assertEquals(List.of(List.of(1, 2, 3), List.of()), twoClaims("SELECT id FROM queue"
                + " WHERE state IN ('PENDING', 'PROCESSING') ORDER BY created, id"
                + " FETCH FIRST 3 ROWS ONLY FOR UPDATE SKIP LOCKED"), "PostgreSQL would give the second 4, 5, 6");
    }

    /** What two overlapping transactions receive from the same locking query. */
    private List<List<Integer>> twoClaims(String sql) throws SQLException {
        try (Connection first = database.dataSource().getConnection();
             Connection second = database.dataSource().getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            List<List<Integer>> claims = List.of(ids(first, sql), ids(second, sql));
            first.rollback();
            second.rollback();
            return claims;
        }
    }

    private static List<Integer> ids(Connection c, String sql) throws SQLException {
        List<Integer> ids = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        return ids;
    }
}
