package io.voyagerota.jdbc;

import io.voyagerota.rollout.Rollout;
import io.voyagerota.rollout.RolloutState;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Maps {@link Rollout} to rows of {@code voyager_rollout} and back. */
final class RolloutRows {
    /** Every stored column but {@code id}, in binding order. */
    private static final List<String> VALUES = List.of("release_id", "product_id", "target", "plan", "stage",
            "stage_started_at", "start_at", "state", "pause_reason", "guard", "salt", "created_at", "updated_at",
            "revision");

    static final String SELECT = "SELECT id, " + String.join(", ", VALUES) + " FROM voyager_rollout";
    static final String INSERT = "INSERT INTO voyager_rollout (id, " + String.join(", ", VALUES) + ") VALUES (?"
            + ", ?".repeat(VALUES.size()) + ")";
    /** Binds the values, then {@code id} and the expected revision. */
    static final String UPDATE = "UPDATE voyager_rollout SET " + String.join(" = ?, ", VALUES)
            + " = ? WHERE id = ? AND revision = ?";
    private static final int UPDATE_ID_INDEX = VALUES.size() + 1;

    private RolloutRows() {
    }

    static void bindInsert(PreparedStatement ps, Rollout r, long revision) throws SQLException {
        ps.setString(1, r.id());
        bindValues(ps, 2, r, revision);
    }

    static void bindUpdate(PreparedStatement ps, Rollout r, long expectedRevision) throws SQLException {
        bindValues(ps, 1, r, expectedRevision + 1);
        ps.setString(UPDATE_ID_INDEX, r.id());
        ps.setLong(UPDATE_ID_INDEX + 1, expectedRevision);
    }

    private static void bindValues(PreparedStatement ps, int first, Rollout r, long revision) throws SQLException {
        int i = first;
        ps.setString(i++, r.releaseId());
        ps.setString(i++, r.productId());
        ps.setString(i++, CatalogJson.target(r.target()));
        Columns.setString(ps, i++, r.plan().map(CatalogJson::plan));
        ps.setInt(i++, r.stage());
        Columns.setInstant(ps, i++, r.stageStartedAt());
        Columns.setInstant(ps, i++, r.startAt());
        ps.setString(i++, r.state().name());
        Columns.setString(ps, i++, r.pauseReason());
        ps.setString(i++, CatalogJson.guard(r.guard()));
        ps.setString(i++, r.salt());
        Columns.setInstant(ps, i++, r.createdAt());
        Columns.setInstant(ps, i++, r.updatedAt());
        ps.setLong(i, revision);
    }

    static Rollout read(ResultSet rs) throws SQLException {
        String plan = rs.getString("plan");
        return new Rollout(rs.getString("id"), rs.getString("release_id"), rs.getString("product_id"),
                Json.parse("target", rs.getString("target"), CatalogJson::target),
                plan == null ? Optional.empty() : Optional.of(Json.parse("plan", plan, CatalogJson::plan)),
                rs.getInt("stage"), Columns.getInstant(rs, "stage_started_at"),
                Columns.getOptionalInstant(rs, "start_at"), RolloutState.valueOf(rs.getString("state")),
                Columns.getOptionalString(rs, "pause_reason"),
                Json.parse("guard", rs.getString("guard"), CatalogJson::guard), rs.getString("salt"),
                Columns.getInstant(rs, "created_at"), Columns.getInstant(rs, "updated_at"), rs.getLong("revision"));
    }
}
