package io.voyagerota.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Binding and reading the column types every table shares, so that absent values become SQL NULL and back, and
 * instants are handled one way everywhere.
 *
 * <p>Instants are {@code TIMESTAMP WITH TIME ZONE} bound as UTC {@link OffsetDateTime}s and truncated to the
 * microsecond first: that is PostgreSQL's precision, and truncating here (rather than letting each database round)
 * makes what a write returns equal to what a later read returns on both databases.
 */
final class Columns {
    private Columns() {
    }

    /** The instant as stored: truncated to whole microseconds. */
    static Instant stored(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        ps.setObject(index, OffsetDateTime.ofInstant(stored(instant), ZoneOffset.UTC));
    }

    static void setInstant(PreparedStatement ps, int index, Optional<Instant> instant) throws SQLException {
        if (instant.isPresent()) {
            setInstant(ps, index, instant.get());
        } else {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    static Instant getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        if (value == null) {
            throw new SQLException("column " + column + " is NULL but the schema declares it NOT NULL", "22004");
        }
        return value.toInstant();
    }

    static Optional<Instant> getOptionalInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? Optional.empty() : Optional.of(value.toInstant());
    }

    static void setString(PreparedStatement ps, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            ps.setString(index, value.get());
        } else {
            ps.setNull(index, Types.VARCHAR);
        }
    }

    static Optional<String> getOptionalString(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    static void setInt(PreparedStatement ps, int index, OptionalInt value) throws SQLException {
        if (value.isPresent()) {
            ps.setInt(index, value.getAsInt());
        } else {
            ps.setNull(index, Types.INTEGER);
        }
    }

    static OptionalInt getOptionalInt(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(value);
    }

    static void setLong(PreparedStatement ps, int index, OptionalLong value) throws SQLException {
        if (value.isPresent()) {
            ps.setLong(index, value.getAsLong());
        } else {
            ps.setNull(index, Types.BIGINT);
        }
    }

    static OptionalLong getOptionalLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
    }
}
