package io.voyagerota.stats;

import io.voyagerota.support.Checks;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A product's fleet statistics over a range of days.
 *
 * @param versions       the product's known devices per version they run now (not limited to the range), most
 *                       devices first, ties by version text
 * @param days           outcomes per day, one entry for every day of the range, in order
 * @param downloads      download times and speeds from the range's reports
 * @param failuresByCode FAILED and ROLLED_BACK reports of the range by error code (the status's own reason when a
 *                       device gave none), sorted by code
 * @param rollouts       devices per update step, for each rollout with reports in the range, by rollout id
 */
public record FleetStats(String productId, StatsRange range, List<VersionCount> versions, List<DailyUpdates> days,
                         DownloadStats downloads, Map<String, Long> failuresByCode, List<RolloutStages> rollouts) {
    public FleetStats {
        Checks.notNull(productId, "productId");
        Checks.notNull(range, "range");
        versions = List.copyOf(Checks.noNulls(versions, "versions"));
        days = List.copyOf(Checks.noNulls(days, "days"));
        Checks.notNull(downloads, "downloads");
        failuresByCode = Collections.unmodifiableMap(new TreeMap<>(Checks.notNull(failuresByCode, "failuresByCode")));
        rollouts = List.copyOf(Checks.noNulls(rollouts, "rollouts"));
    }

    public long devices() {
        return versions.stream().mapToLong(VersionCount::devices).sum();
    }

    public long succeeded() {
        return days.stream().mapToLong(DailyUpdates::succeeded).sum();
    }

    public long failed() {
        return days.stream().mapToLong(DailyUpdates::failed).sum();
    }

    public long rolledBack() {
        return days.stream().mapToLong(DailyUpdates::rolledBack).sum();
    }

    /** Successes over outcomes in the range, or 1 when there are none (as a rollout's counters have it). */
    public double successRate() {
        long outcomes = succeeded() + failed() + rolledBack();
        return outcomes == 0 ? 1.0 : (double) succeeded() / outcomes;
    }
}
