package io.voyagerota.internal;

import io.voyagerota.decision.CatalogSnapshot;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.decision.Selection;
import io.voyagerota.decision.UpdateDecider;
import io.voyagerota.device.DeviceState;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxHandler;
import io.voyagerota.spi.DeviceNotifier;
import io.voyagerota.spi.FleetRegistry;
import io.voyagerota.support.Payloads;

import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Handles {@link EventTypes#DEVICES_TRIGGER_CHUNK}, one slice of a fan-out cut by {@link TriggerSplit}: walks the
 * product's known devices with an id in the chunk's range page by page and nudges those for which the current
 * catalog now has a release, handing the notifier that {@link Selection} (no link is minted and nothing is signed:
 * a trigger is a hint), then flushes the notifier. A chunk is at most
 * {@link TriggerSplit#CHUNK} devices when it was cut (the last one is open-ended and also takes devices registered
 * since), so one delivery finishes well inside its lease.
 * Each device is decided as an HTTP check would decide it: its last known model and version, and its tags from the
 * device directory (read afresh first, so tags set on another node count), so tag cohorts and testers are reached.
 * What only the device knows (battery, chip, secure version) is left out; the device's own check has the last
 * word. Repeats are harmless: a trigger is only a hint to check.
 */
public final class TriggerFanout implements OutboxHandler {
    private static final int PAGE = 500;
    private final FleetRegistry fleet;
    private final Supplier<CatalogSnapshot> snapshot;
    private final UpdateDecider decider;
    private final DirectoryCache directory;
    private final DeviceNotifier notifier;
    private final InstantSource clock;

    public TriggerFanout(FleetRegistry fleet, Supplier<CatalogSnapshot> snapshot, DirectoryCache directory,
                         UpdateDecider decider, DeviceNotifier notifier, InstantSource clock) {
        this.fleet = fleet;
        this.snapshot = snapshot;
        this.directory = directory;
        this.decider = decider;
        this.notifier = notifier;
        this.clock = clock;
    }

    @Override
    public void handle(OutboxEvent event) throws Exception {
        Map<String, String> payload = Payloads.read(event.payload());
        String productId = payload.get("productId");
        String reason = payload.getOrDefault("reason", "catalog changed");
        String after = payload.getOrDefault("after", "");
        String upTo = payload.getOrDefault("upTo", ""); // empty: to the end of the product's devices
        CatalogSnapshot catalog = snapshot.get();
        directory.refresh();
        while (true) {
            List<DeviceState> page = fleet.devices(productId, after, PAGE);
            boolean last = page.size() < PAGE;
            for (DeviceState d : page) {
                if (!upTo.isEmpty() && d.deviceId().compareTo(upTo) > 0) {
                    last = true; // past the range: the next chunk's devices
                    break;
                }
                if (d.model().isEmpty()) {
                    continue; // known only from reports; it will hear of the release on its next poll
                }
                DeviceCheck check = new DeviceCheck(d.deviceId(), productId, d.model().get(), Optional.empty(),
                        d.currentVersion(), directory.tags(d.deviceId()), OptionalInt.empty());
                if (decider.decide(catalog, check, clock.instant()) instanceof Selection selected) {
                    notifier.trigger(productId, selected, reason);
                }
            }
            if (last || page.get(page.size() - 1).deviceId().equals(upTo)) {
                notifier.flush();
                return;
            }
            after = page.get(page.size() - 1).deviceId();
        }
    }
}
