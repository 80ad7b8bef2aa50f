package io.voyagerota.internal;

import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxHandler;
import io.voyagerota.spi.FleetRegistry;
import io.voyagerota.spi.OutboxStore;
import io.voyagerota.support.Hex;
import io.voyagerota.support.Payloads;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Handles {@link EventTypes#DEVICES_TRIGGER}: cuts the product's fleet into ranges of device ids of at most
 * {@link #CHUNK} devices and appends one {@link EventTypes#DEVICES_TRIGGER_CHUNK} event per range, which
 * {@link TriggerFanout} delivers. Walking a fleet to decide and notify each device takes minutes for a large one,
 * longer than any sensible lease; cutting it only reads ids, and each chunk is a delivery of its own that finishes
 * well inside its lease, may be retried alone, and runs in parallel with the other chunks on any relay.
 *
 * <p>Redelivery adds nothing: the chunks' ids are derived from this event's id and their index, and they are
 * appended with {@link OutboxStore#appendIfAbsent} in one batch, so a parent delivered twice (a lease that ran out,
 * two relays after a crash) finds its chunks stored and stores none again. The last range is open-ended, so however
 * the fleet changed between two deliveries, the chunks stored cover every device; at worst a device registered in
 * between is nudged twice, which is harmless (a trigger is only a hint to check). Each chunk has its own aggregate
 * id, so that the ordering of events per aggregate does not make the chunks of one fan-out wait for each other.
 */
public final class TriggerSplit implements OutboxHandler {
    /** The most devices a chunk covers when it is cut: at 100 notifications a second, ten seconds of work. */
    public static final int CHUNK = 1000;

    private final FleetRegistry fleet;
    private final OutboxStore outbox;
    private final InstantSource clock;
    private final int chunk;

    public TriggerSplit(FleetRegistry fleet, OutboxStore outbox, InstantSource clock) {
        this(fleet, outbox, clock, CHUNK);
    }

    TriggerSplit(FleetRegistry fleet, OutboxStore outbox, InstantSource clock, int chunk) {
        this.fleet = fleet;
        this.outbox = outbox;
        this.clock = clock;
        this.chunk = chunk;
    }

    @Override
    public void handle(OutboxEvent event) {
        Map<String, String> payload = Payloads.read(event.payload());
        String productId = payload.get("productId");
        String reason = payload.getOrDefault("reason", "catalog changed");
        Instant now = clock.instant();
        List<OutboxEvent> chunks = new ArrayList<>();
        String after = "";
        while (true) {
            List<String> ids = fleet.deviceIds(productId, after, chunk);
            if (ids.size() < chunk) {
                // The last range has no upper end: devices registered after this walk are in it too.
                chunks.add(chunkEvent(event, chunks.size(), productId, reason, after, "", now));
                break;
            }
            String upTo = ids.get(ids.size() - 1);
            chunks.add(chunkEvent(event, chunks.size(), productId, reason, after, upTo, now));
            after = upTo;
        }
        outbox.appendIfAbsent(chunks);
    }

    private static OutboxEvent chunkEvent(OutboxEvent parent, int index, String productId, String reason,
                                          String after, String upTo, Instant now) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("productId", productId);
        fields.put("reason", reason);
        fields.put("after", after);
        fields.put("upTo", upTo);
        fields.put("parent", parent.id());
        return OutboxEvent.pending(chunkId(parent.id(), index), EventTypes.DEVICES_TRIGGER_CHUNK,
                chunkAggregate(productId, parent.id(), index), Payloads.write(fields), now, now);
    }

    /** The id of chunk {@code index} of the fan-out {@code parentId}: the same on every delivery of the parent. */
    static String chunkId(String parentId, int index) {
        String id = parentId + "-c" + index;
        return id.length() <= OutboxEvent.MAX_ID_LENGTH ? id : Hex.sha256(parentId).substring(0, 48) + "-c" + index;
    }

    /** {@code <productId>#fanout-<parentId>-<n>}, with the parent id hashed if that is too long a name. */
    static String chunkAggregate(String productId, String parentId, int index) {
        String aggregate = productId + "#fanout-" + parentId + "-" + index;
        return aggregate.length() <= OutboxEvent.MAX_AGGREGATE_ID_LENGTH ? aggregate
                : productId + "#fanout-" + Hex.sha256(parentId).substring(0, 40) + "-" + index;
    }
}
