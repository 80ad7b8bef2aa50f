package io.voyagerota.jdbc;

import io.voyagerota.catalog.Artifact;
import io.voyagerota.catalog.ArtifactKind;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseState;
import io.voyagerota.version.Version;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Optional;

/** Maps {@link Release} to rows of {@code voyager_release} and back. */
final class ReleaseRows {
    /** Every stored column but {@code id}, in binding order. */
    private static final List<String> VALUES = List.of("product_id", "version", "version_key", "state", "deleted",
            "compatible_models", "artifact_kind", "artifact_key", "artifact_size", "artifact_sha256",
            "artifact_parts", "changelog", "required", "min_battery_percent", "requires_at_least", "secure_version",
            "signature", "revocation_reason", "validation", "created_at", "updated_at", "revision");

    static final String SELECT = "SELECT id, " + String.join(", ", VALUES) + " FROM voyager_release";
    static final String INSERT = "INSERT INTO voyager_release (id, " + String.join(", ", VALUES) + ") VALUES (?"
            + ", ?".repeat(VALUES.size()) + ")";
    /** Binds the values, then {@code id} and the expected revision. */
    static final String UPDATE = "UPDATE voyager_release SET " + String.join(" = ?, ", VALUES)
            + " = ? WHERE id = ? AND revision = ?";
    static final int UPDATE_ID_INDEX = VALUES.size() + 1;

    private ReleaseRows() {
    }

    static void bindInsert(PreparedStatement ps, Release r, long revision) throws SQLException {
        ps.setString(1, r.id());
        bindValues(ps, 2, r, revision);
    }

    static void bindUpdate(PreparedStatement ps, Release r, long expectedRevision) throws SQLException {
        bindValues(ps, 1, r, expectedRevision + 1);
        ps.setString(UPDATE_ID_INDEX, r.id());
        ps.setLong(UPDATE_ID_INDEX + 1, expectedRevision);
    }

    private static void bindValues(PreparedStatement ps, int first, Release r, long revision) throws SQLException {
        int i = first;
        ps.setString(i++, r.productId());
        ps.setString(i++, r.version().toString());
        ps.setString(i++, r.version().sortKey());
        ps.setString(i++, r.state().name());
        ps.setBoolean(i++, r.deleted());
        ps.setString(i++, CatalogJson.strings(r.compatibleModels()));
        Optional<Artifact> artifact = r.artifact();
        Columns.setString(ps, i++, artifact.map(a -> a.kind().name()));
        Columns.setString(ps, i++, artifact.map(Artifact::key));
        if (artifact.isPresent()) {
            ps.setLong(i++, artifact.get().size());
        } else {
            ps.setNull(i++, Types.BIGINT);
        }
        Columns.setString(ps, i++, artifact.map(Artifact::sha256));
        Columns.setString(ps, i++, artifact.map(a -> CatalogJson.parts(a.parts())));
        ps.setString(i++, r.changelog());
        ps.setBoolean(i++, r.required());
        Columns.setInt(ps, i++, r.minBatteryPercent());
        Columns.setString(ps, i++, r.requiresAtLeast().map(Version::toString));
        ps.setInt(i++, r.secureVersion());
        Columns.setString(ps, i++, r.signature().map(CatalogJson::signature));
        Columns.setString(ps, i++, r.revocationReason());
        ps.setString(i++, CatalogJson.validation(r.validation()));
        Columns.setInstant(ps, i++, r.createdAt());
        Columns.setInstant(ps, i++, r.updatedAt());
        ps.setLong(i, revision);
    }

    static Release read(ResultSet rs) throws SQLException {
        Optional<Artifact> artifact = Optional.empty();
        String kind = rs.getString("artifact_kind");
        if (kind != null) {
            artifact = Optional.of(new Artifact(ArtifactKind.valueOf(kind), rs.getString("artifact_key"),
                    rs.getLong("artifact_size"), rs.getString("artifact_sha256"),
                    Json.parse("artifact_parts", rs.getString("artifact_parts"), CatalogJson::parts)));
        }
        String signature = rs.getString("signature");
        String stone = rs.getString("requires_at_least");
        return new Release(rs.getString("id"), rs.getString("product_id"), Version.parse(rs.getString("version")),
                ReleaseState.valueOf(rs.getString("state")), rs.getBoolean("deleted"),
                Json.parse("compatible_models", rs.getString("compatible_models"), Json::strings), artifact,
                rs.getString("changelog"), rs.getBoolean("required"),
                Columns.getOptionalInt(rs, "min_battery_percent"),
                stone == null ? Optional.empty() : Optional.of(Version.parse(stone)), rs.getInt("secure_version"),
                signature == null ? Optional.empty()
                        : Optional.of(Json.parse("signature", signature, CatalogJson::signature)),
                Columns.getOptionalString(rs, "revocation_reason"),
                Json.parse("validation", rs.getString("validation"), CatalogJson::validation),
                Columns.getInstant(rs, "created_at"), Columns.getInstant(rs, "updated_at"), rs.getLong("revision"));
    }
}
