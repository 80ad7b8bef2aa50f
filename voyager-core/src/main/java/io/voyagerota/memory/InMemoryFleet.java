package io.voyagerota.memory;

import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.DeviceSighting;
import io.voyagerota.device.DeviceState;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.rollout.RolloutStats;
import io.voyagerota.spi.FleetRegistry;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
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

    private final Set<String> reportIds = new HashSet<>();
    private final Map<String, DeviceState> devices = new TreeMap<>();
    private final Map<String, Deque<Recorded>> history = new HashMap<>();
    private final Map<String, RolloutStats> stats = new HashMap<>();
    private final Map<String, List<Instant>> failureTimes = new HashMap<>();

    @Override
    public synchronized boolean record(DeviceReport report, Optional<String> rolloutId) {
        if (!reportIds.add(report.reportId())) {
            return false;
        }
        DeviceState before = devices.get(report.deviceId());
        devices.put(report.deviceId(), before == null ? DeviceState.first(report) : before.after(report));
        Deque<Recorded> entries = history.computeIfAbsent(report.deviceId(), k -> new ArrayDeque<>());
        entries.addFirst(new Recorded(report, rolloutId));
        if (entries.size() > HISTORY_PER_DEVICE) {
            entries.removeLast();
        }
        if (rolloutId.isPresent() && report.status().isOutcome()) {
            boolean success = report.status() == ReportStatus.SUCCESS;
            stats.merge(rolloutId.get(), RolloutStats.empty().plus(success, report.failureReason()),
                    (old, one) -> old.plus(success, report.failureReason()));
            if (!success) {
                failureTimes.computeIfAbsent(rolloutId.get(), k -> new ArrayList<>()).add(report.reportedAt());
            }
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
    public synchronized List<DeviceReport> history(String deviceId, int limit) {
        Deque<Recorded> entries = history.getOrDefault(deviceId, new ArrayDeque<>());
        return entries.stream().limit(limit).map(Recorded::report).toList();
    }

    /** A report as recorded, with the rollout it counted for. */
    record Recorded(DeviceReport report, Optional<String> rolloutId) {
    }

    /** The devices of a product, for the statistics. */
    synchronized List<DeviceState> productDevices(String productId) {
        return devices.values().stream().filter(d -> d.productId().equals(productId)).toList();
    }

    /** The kept reports of a product, each device's oldest first, for the statistics. */
    synchronized List<Recorded> productReports(String productId) {
        List<Recorded> out = new ArrayList<>();
        for (Deque<Recorded> entries : history.values()) {
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
        return stats.getOrDefault(rolloutId, RolloutStats.empty());
    }

    @Override
    public synchronized long failuresSince(String rolloutId, Instant since) {
        return failureTimes.getOrDefault(rolloutId, List.of()).stream().filter(t -> !t.isBefore(since)).count();
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
            }
        }
    }
}
