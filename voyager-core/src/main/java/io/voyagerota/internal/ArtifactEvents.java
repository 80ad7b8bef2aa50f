package io.voyagerota.internal;

import io.voyagerota.housekeeping.PurgeReason;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxState;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

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
        return new OutboxEvent(purgeId(key, reason, now), EventTypes.ARTIFACT_PURGE, aggregate(key),
                Payloads.write(Map.of("key", key, "reason", reason.wireName())), OutboxState.PENDING, 0, now, now,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The id {@link #purge} gives the event. */
    public static String purgeId(String key, PurgeReason reason, Instant now) {
        long day = Math.floorDiv(now.getEpochSecond(), 86_400);
        return "purge-" + sha256(reason.wireName() + "\n" + day + "\n" + key).substring(0, 40);
    }

    /** The artifact's aggregate: its key, or a digest of it when the key is longer than an aggregate id may be. */
    static String aggregate(String key) {
        return key.length() <= OutboxEvent.MAX_AGGREGATE_ID_LENGTH ? key : "artifact-sha256:" + sha256(key);
    }

    private static String sha256(String text) {
        try {
            return Hex.encode(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
