package io.voyagerota.stats;

import io.voyagerota.InvalidInputException;
import io.voyagerota.support.Checks;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A range of whole UTC days, both ends included: the reports counted are those with {@code reportedAt} in
 * [{@link #start()}, {@link #end()}).
 */
public record StatsRange(LocalDate first, LocalDate last) {
    /** The longest range a statistics query covers: a year and a day. */
    public static final int MAX_DAYS = 366;

    public StatsRange {
        Checks.notNull(first, "first");
        Checks.notNull(last, "last");
        if (last.isBefore(first)) {
            throw new InvalidInputException("a statistics range ends before it begins: " + first + " to " + last);
        }
        long days = ChronoUnit.DAYS.between(first, last) + 1;
        if (days > MAX_DAYS) {
            throw new InvalidInputException("a statistics range covers at most " + MAX_DAYS + " days, but " + first
                    + " to " + last + " covers " + days);
        }
    }

    /** The {@code days} days that end with {@code last}. */
    public static StatsRange endingOn(LocalDate last, int days) {
        Checks.inRange(days, 1, MAX_DAYS, "days");
        return new StatsRange(Checks.notNull(last, "last").minusDays(days - 1L), last);
    }

    /** The first instant counted: midnight UTC at the start of {@link #first()}. */
    public Instant start() {
        return first.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The first instant no longer counted: midnight UTC after {@link #last()}. */
    public Instant end() {
        return last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    public int days() {
        return (int) ChronoUnit.DAYS.between(first, last) + 1;
    }
}
