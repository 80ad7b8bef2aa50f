package io.voyagerota.memory;

import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.DeviceState;
import io.voyagerota.device.RecordedReport;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.spi.FleetStatistics;
import io.voyagerota.stats.DailyUpdates;
import io.voyagerota.stats.DownloadStats;
import io.voyagerota.stats.RolloutStages;
import io.voyagerota.stats.StatsRange;
import io.voyagerota.stats.VersionCount;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The statistics of {@link InMemoryRegistry}, computed from its devices and the reports it keeps (the last
 * {@value InMemoryFleet#HISTORY_PER_DEVICE} per device).
 */
final class InMemoryFleetStatistics implements FleetStatistics {
    /** Most devices first, ties by version text. */
    static final Comparator<VersionCount> ORDER = Comparator.comparingLong(VersionCount::devices).reversed()
            .thenComparing(VersionCount::version);

    private final InMemoryFleet fleet;

    InMemoryFleetStatistics(InMemoryFleet fleet) {
        this.fleet = fleet;
    }

    @Override
    public List<VersionCount> versions(String productId) {
        Map<String, Long> counts = new HashMap<>();
        for (DeviceState d : fleet.productDevices(productId)) {
            counts.merge(d.currentVersion().toString(), 1L, Long::sum);
        }
        return counts.entrySet().stream().map(e -> new VersionCount(e.getKey(), e.getValue())).sorted(ORDER).toList();
    }

    private List<DeviceReport> inRange(String productId, StatsRange range) {
        return reports(productId, range).stream().map(RecordedReport::report).toList();
    }

    private List<RecordedReport> reports(String productId, StatsRange range) {
        return fleet.productReports(productId).stream().filter(r -> !r.report().reportedAt().isBefore(range.start())
                && r.report().reportedAt().isBefore(range.end())).toList();
    }

    @Override
    public List<DailyUpdates> updatesPerDay(String productId, StatsRange range) {
        Map<LocalDate, long[]> days = new TreeMap<>();
        for (DeviceReport r : inRange(productId, range)) {
            int column = switch (r.status()) {
                case SUCCESS -> 0;
                case FAILED -> 1;
                case ROLLED_BACK -> 2;
                default -> -1;
            };
            if (column >= 0) {
                days.computeIfAbsent(LocalDate.ofInstant(r.reportedAt(), ZoneOffset.UTC), k -> new long[3])[column]++;
            }
        }
        return days.entrySet().stream()
                .map(e -> new DailyUpdates(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2])).toList();
    }

    @Override
    public DownloadStats downloads(String productId, StatsRange range) {
        List<long[]> samples = new ArrayList<>();
        for (DeviceReport r : inRange(productId, range)) {
            var m = r.metrics();
            if (m.downloadMillis().isPresent() && m.downloadMillis().getAsLong() > 0 && m.bytesDownloaded().isPresent()) {
                samples.add(new long[] {m.downloadMillis().getAsLong(), m.bytesDownloaded().getAsLong()});
            }
        }
        long[] millis = samples.stream().mapToLong(s -> s[0]).toArray();
        long[] bytes = samples.stream().mapToLong(s -> s[1]).toArray();
        return DownloadStats.of(millis, bytes);
    }

    @Override
    public Map<String, Long> failuresByCode(String productId, StatsRange range) {
        Map<String, Long> codes = new TreeMap<>();
        for (DeviceReport r : inRange(productId, range)) {
            if (r.status() == ReportStatus.FAILED || r.status() == ReportStatus.ROLLED_BACK) {
                codes.merge(r.failureReason(), 1L, Long::sum);
            }
        }
        return codes;
    }

    @Override
    public List<RolloutStages> rolloutStages(String productId, StatsRange range) {
        // Each device's reports come oldest first, so the last one seen per (rollout, device) is its latest.
        Map<String, Map<String, ReportStatus>> latest = new TreeMap<>();
        for (RecordedReport r : reports(productId, range)) {
            r.rolloutId().ifPresent(id -> latest.computeIfAbsent(id, k -> new HashMap<>())
                    .put(r.report().deviceId(), r.report().status()));
        }
        List<RolloutStages> out = new ArrayList<>();
        latest.forEach((id, devices) -> {
            Map<ReportStatus, Long> counts = new EnumMap<>(ReportStatus.class);
            devices.values().forEach(s -> counts.merge(s, 1L, Long::sum));
            out.add(new RolloutStages(id, counts));
        });
        return out;
    }
}
