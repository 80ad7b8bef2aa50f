package io.voyagerota.memory;

import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.DeviceSighting;
import io.voyagerota.device.DeviceState;
import io.voyagerota.device.RecordedReport;
import io.voyagerota.device.ReportAttribution;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.rollout.DeviceOutcome;
import io.voyagerota.rollout.RolloutStats;
import io.voyagerota.spi.FleetRegistry;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The fleet part of {@link InMemoryRegistry}. */
final class InMemoryFleet implements FleetRegistry {
    /** Reports kept per device; older ones are dropped (the JDBC registry keeps them all). */
    static final int HISTORY_PER_DEVICE = 1000;
    private static final Comparator<DeviceOutcome> LATEST_FIRST = Comparator.comparing(DeviceOutcome::reportedAt)
            .reversed().thenComparing(DeviceOutcome::deviceId);

    /** Report ids by device: ids are unique per device, not across devices. */
    private final Map<String, Set<String>> reportIds = new HashMap<>();
    private final Map<String, DeviceState> devices = new TreeMap<>();
    private final Map<String, Deque<RecordedReport>> history = new HashMap<>();
    /** Each rollout's device outcomes by device id. */
    private final Map<String, Map<String, DeviceOutcome>> outcomes = new HashMap<>();

    @Override
    public synchronized boolean record(DeviceReport report, ReportAttribution attribution) {
        if (!reportIds.computeIfAbsent(report.deviceId(), k -> new HashSet<>()).add(report.reportId())) {
            return false;
        }
        DeviceState before = devices.get(report.deviceId());
        devices.put(report.deviceId(), before == null ? DeviceState.first(report) : before.after(report));
        Deque<RecordedReport> entries = history.computeIfAbsent(report.deviceId(), k -> new ArrayDeque<>());
        entries.addFirst(RecordedReport.of(report, attribution));
        if (entries.size() > HISTORY_PER_DEVICE) {
            entries.removeLast();
        }
        if (attribution.counted() && report.status().isOutcome()) {
            boolean success = report.status() == ReportStatus.SUCCESS;
            DeviceOutcome outcome = new DeviceOutcome(report.deviceId(), report.status(),
                    success ? Optional.empty() : Optional.of(report.failureReason()), attribution.bucket(),
                    report.reportedAt());
            outcomes.computeIfAbsent(attribution.rolloutId().get(), k -> new HashMap<>())
                    .merge(report.deviceId(), outcome,
                            (old, now) -> now.reportedAt().isBefore(old.reportedAt()) ? old : now);
        }
        return true;
    }

    @Override
    public synchronized Optional<DeviceState> findDevice(String deviceId) {
        return Optional.ofNullable(devices.get(deviceId));
    }

    @Override
    public synchronized List<DeviceState> devices(String productId, String afterDeviceId, int limit) {
        List<DeviceState> out = new ArrayList<>();
        for (DeviceState d : ((TreeMap<String, DeviceState>) devices).tailMap(afterDeviceId, false).values()) {
            if (out.size() >= limit) {
                break;
            }
            if (d.productId().equals(productId)) {
                out.add(d);
            }
        }
        return out;
    }

    @Override
    public synchronized List<RecordedReport> recordedHistory(String deviceId, int limit) {
        return history.getOrDefault(deviceId, new ArrayDeque<>()).stream().limit(limit).toList();
    }

    /** The devices of a product, for the statistics. */
    synchronized List<DeviceState> productDevices(String productId) {
        return devices.values().stream().filter(d -> d.productId().equals(productId)).toList();
    }

    /** The kept reports of a product, each device's oldest first, for the statistics. */
    synchronized List<RecordedReport> productReports(String productId) {
        List<RecordedReport> out = new ArrayList<>();
        for (Deque<RecordedReport> entries : history.values()) {
            entries.descendingIterator().forEachRemaining(r -> {
                if (r.report().productId().equals(productId)) {
                    out.add(r);
                }
            });
        }
        return out;
    }

    @Override
    public synchronized RolloutStats stats(String rolloutId) {
        return RolloutStats.of(outcomesOf(rolloutId));
    }

    @Override
    public synchronized RolloutStats stats(String rolloutId, int fromBucket, int toBucket) {
        return RolloutStats.of(outcomesOf(rolloutId).stream()
                .filter(o -> o.bucket() >= fromBucket && o.bucket() < toBucket).toList());
    }

    @Override
    public synchronized List<DeviceOutcome> latestOutcomes(String rolloutId, int limit) {
        return outcomesOf(rolloutId).stream().sorted(LATEST_FIRST).limit(limit).toList();
    }

    @Override
    public synchronized long failuresSince(String rolloutId, Instant since) {
        return outcomesOf(rolloutId).stream().filter(o -> !o.success() && !o.reportedAt().isBefore(since)).count();
    }

    private Collection<DeviceOutcome> outcomesOf(String rolloutId) {
        return outcomes.getOrDefault(rolloutId, Map.of()).values();
    }

    @Override
    public synchronized void touch(Collection<DeviceSighting> sightings) {
        for (DeviceSighting s : sightings) {
            DeviceState d = devices.get(s.deviceId());
            if (d == null) {
                devices.put(s.deviceId(), new DeviceState(s.deviceId(), s.productId(), Optional.of(s.model()),
                        s.version(), Optional.empty(), Optional.empty(), s.at(), 0, 0));
            } else if (!s.at().isBefore(d.lastSeen())) {
                devices.put(s.deviceId(), new DeviceState(d.deviceId(), s.productId(), Optional.of(s.model()),
                        s.version(), d.lastStatus(), d.lastError(), s.at(), d.updatesSucceeded(),
                        d.updatesFailed()));
            } else if (d.model().isEmpty()) {
                devices.put(s.deviceId(), new DeviceState(d.deviceId(), d.productId(), Optional.of(s.model()),
                        d.currentVersion(), d.lastStatus(), d.lastError(), d.lastSeen(), d.updatesSucceeded(),
                        d.updatesFailed()));
            }
        }
    }
}
