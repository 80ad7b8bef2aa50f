package io.voyagerota.stats;

import io.voyagerota.support.Checks;

import java.time.LocalDate;

/** The update outcomes reported on one UTC day. */
public record DailyUpdates(LocalDate day, long succeeded, long failed, long rolledBack) {
    public DailyUpdates {
        Checks.notNull(day, "day");
        Checks.inRange(succeeded, 0, Long.MAX_VALUE, "succeeded");
        Checks.inRange(failed, 0, Long.MAX_VALUE, "failed");
        Checks.inRange(rolledBack, 0, Long.MAX_VALUE, "rolledBack");
    }

    public static DailyUpdates none(LocalDate day) {
        return new DailyUpdates(day, 0, 0, 0);
    }

    public long outcomes() {
        return succeeded + failed + rolledBack;
    }
}
