package io.voyagerota.spi;

import io.voyagerota.stats.DailyUpdates;
import io.voyagerota.stats.DownloadStats;
import io.voyagerota.stats.RolloutStages;
import io.voyagerota.stats.StatsRange;
import io.voyagerota.stats.VersionCount;

import java.util.List;
import java.util.Map;

/**
 * Fleet statistics of a product, computed where the fleet is stored: a database answers each with one aggregate
 * query and never hands the devices or their reports to the caller. Reports count by their product id and
 * {@code reportedAt} in the range's [{@link StatsRange#start()}, {@link StatsRange#end()}); days are UTC days.
 *
 * <p>Contract, checked by the statistics compatibility kit on a generated fleet: every adapter returns exactly the
 * figures of {@link io.voyagerota.stats} computed from its devices and reports (averages up to rounding).
 */
public interface FleetStatistics {

    /** The product's devices per current version, most devices first, ties by version text. */
    List<VersionCount> versions(String productId);

    /** Outcomes (SUCCESS, FAILED, ROLLED_BACK) per day, only days that have any, in order. */
    List<DailyUpdates> updatesPerDay(String productId, StatsRange range);

    /** Download time and speed over the reports with {@code downloadMs} above 0 and {@code bytes}. */
    DownloadStats downloads(String productId, StatsRange range);

    /** FAILED and ROLLED_BACK reports by {@link io.voyagerota.device.DeviceReport#failureReason()}. */
    Map<String, Long> failuresByCode(String productId, StatsRange range);

    /**
     * For each rollout with reports in the range, by rollout id: its devices by the status of their latest report
     * for it in the range (latest in recording order).
     */
    List<RolloutStages> rolloutStages(String productId, StatsRange range);
}
