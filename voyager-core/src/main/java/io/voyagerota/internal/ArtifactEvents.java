package io.voyagerota.internal;

import io.voyagerota.housekeeping.PurgeReason;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.support.Hex;
import io.voyagerota.support.Payloads;

import java.time.Instant;
import java.util.Map;

/** The outbox events that delete, restore and purge an artifact; all of one artifact share its aggregate. */
public final class ArtifactEvents {
    private ArtifactEvents() {
    }

    /** An event of {@code type} for the artifact under {@code key}, with a random id. */
    public static OutboxEvent of(String type, String key, Instant now) {
        return OutboxEvent.pending(type, aggregate(key), Payloads.write(Map.of("key", key)), now);
    }

    /**
     * A purge queued by housekeeping. Its id depends only on the key, the reason and the UTC day, so nodes that run
     * housekeeping on the same day append it once between them ({@code appendIfAbsent}).
     */
    public static OutboxEvent purge(String key, PurgeReason reason, Instant now) {
        return OutboxEvent.pending(purgeId(key, reason, now), EventTypes.ARTIFACT_PURGE, aggregate(key),
                Payloads.write(Map.of("key", key, "reason", reason.wireName())), now, now);
    }

    /** The id {@link #purge} gives the event. */
    public static String purgeId(String key, PurgeReason reason, Instant now) {
        long day = Math.floorDiv(now.getEpochSecond(), 86_400);
        return "purge-" + Hex.sha256(reason.wireName() + "\n" + day + "\n" + key).substring(0, 40);
    }

    /** The artifact's aggregate: its key, or a digest of it when the key is longer than an aggregate id may be. */
    static String aggregate(String key) {
        return key.length() <= OutboxEvent.MAX_AGGREGATE_ID_LENGTH ? key : "artifact-sha256:" + Hex.sha256(key);
    }
}
