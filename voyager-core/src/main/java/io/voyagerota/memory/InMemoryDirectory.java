package io.voyagerota.memory;

import io.voyagerota.device.DirectoryEntry;
import io.voyagerota.support.Checks;
import io.voyagerota.spi.DirectoryStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The directory part of {@link InMemoryRegistry}. One lock orders writes and reads, so a revision is visible as
 * soon as it is assigned and {@link #changedSince} cannot pass over a change still being made.
 */
final class InMemoryDirectory implements DirectoryStore {
    private final Map<String, DirectoryEntry> entries = new HashMap<>();
    /** Each entry under its current revision. */
    private final TreeMap<Long, DirectoryEntry> byRevision = new TreeMap<>();
    private long revision;

    @Override
    public synchronized DirectoryEntry putCredential(String deviceId, String secretHash, Instant at) {
        DirectoryEntry.checkSecretHash(secretHash);
        DirectoryEntry before = current(deviceId, at);
        return write(deviceId, Optional.of(secretHash), before == null ? Set.of() : before.tags(), at);
    }

    @Override
    public synchronized boolean removeCredential(String deviceId, Instant at) {
        DirectoryEntry before = current(deviceId, at);
        if (before == null || before.secretHash().isEmpty()) {
            return false;
        }
        write(deviceId, Optional.empty(), before.tags(), at);
        return true;
    }

    @Override
    public synchronized DirectoryEntry putTags(String deviceId, Set<String> tags, Instant at) {
        Set<String> stored = DirectoryEntry.tags(tags);
        DirectoryEntry before = current(deviceId, at);
        return write(deviceId, before == null ? Optional.empty() : before.secretHash(), stored, at);
    }

    @Override
    public synchronized Optional<DirectoryEntry> find(String deviceId) {
        Checks.notNull(deviceId, "deviceId");
        return Optional.ofNullable(entries.get(deviceId));
    }

    @Override
    public synchronized List<DirectoryEntry> changedSince(long afterRevision, int limit) {
        Checks.inRange(afterRevision, 0, Long.MAX_VALUE, "revision");
        Checks.inRange(limit, 1, Integer.MAX_VALUE, "limit");
        List<DirectoryEntry> page = new ArrayList<>(Math.min(limit, 1024));
        for (DirectoryEntry e : byRevision.tailMap(afterRevision, false).values()) {
            if (page.size() == limit) {
                break;
            }
            page.add(e);
        }
        return List.copyOf(page);
    }

    /** Validates the id and instant of a write; returns the device's entry or null. */
    private DirectoryEntry current(String deviceId, Instant at) {
        DirectoryEntry.checkDeviceId(deviceId);
        Checks.notNull(at, "at");
        return entries.get(deviceId);
    }

    private DirectoryEntry write(String deviceId, Optional<String> secretHash, Set<String> tags, Instant at) {
        DirectoryEntry entry = new DirectoryEntry(deviceId, secretHash, tags, revision + 1, at);
        revision = entry.revision();
        DirectoryEntry before = entries.put(deviceId, entry);
        if (before != null) {
            byRevision.remove(before.revision());
        }
        byRevision.put(entry.revision(), entry);
        return entry;
    }
}
