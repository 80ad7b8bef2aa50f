package io.voyagerota.internal;

import io.voyagerota.device.DirectoryEntry;
import io.voyagerota.spi.DirectoryStore;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's copy of the device directory, so that authenticating a device and looking up its tags never touch
 * the database. {@link #refresh()} pages through the changes since the last revision it saw (everything, the first
 * time); lookups are plain reads of a concurrent map and take no lock.
 */
public final class DirectoryCache {
    /** Entries fetched per query; large enough that loading a million devices takes a few hundred queries. */
    static final int PAGE = 5_000;
    /** Beyond this many distinct tag sets, new ones are kept as they come instead of being shared. */
    private static final int MAX_SHARED_TAG_SETS = 10_000;

    /** What a lookup needs of an entry; {@code secretHash} is null when the device has no credential. */
    private record Known(String secretHash, Set<String> tags) {
    }

    private final DirectoryStore store;
    private final ConcurrentHashMap<String, Known> devices = new ConcurrentHashMap<>();
    // Most devices share a handful of tag sets (none, "tester", a cohort): one instance each keeps the copy small.
    private final Map<Set<String>, Set<String>> sharedTagSets = new HashMap<>();
    private long revision;

    public DirectoryCache(DirectoryStore store) {
        this.store = store;
    }

    /** The device's credential hash, if it has one. */
    public Optional<String> secretHash(String deviceId) {
        Known known = devices.get(deviceId);
        return known == null ? Optional.empty() : Optional.ofNullable(known.secretHash());
    }

    /** The device's tags; empty for an unknown device. */
    public Set<String> tags(String deviceId) {
        Known known = devices.get(deviceId);
        return known == null ? Set.of() : known.tags();
    }

    /** Applies every change since the last refresh; returns how many entries it read. */
    public synchronized int refresh() {
        int read = 0;
        while (true) {
            List<DirectoryEntry> page = store.changedSince(revision, PAGE);
            for (DirectoryEntry e : page) {
                apply(e);
            }
            read += page.size();
            if (page.size() < PAGE) {
                return read;
            }
        }
    }

    private void apply(DirectoryEntry e) {
        if (e.secretHash().isEmpty() && e.tags().isEmpty()) {
            devices.remove(e.deviceId()); // nothing to answer that an unknown device would not get
        } else {
            devices.put(e.deviceId(), new Known(e.secretHash().orElse(null), share(e.tags())));
        }
        revision = Math.max(revision, e.revision());
    }

    private Set<String> share(Set<String> tags) {
        if (tags.isEmpty()) {
            return Set.of();
        }
        Set<String> shared = sharedTagSets.get(tags);
        if (shared != null) {
            return shared;
        }
        if (sharedTagSets.size() < MAX_SHARED_TAG_SETS) {
            sharedTagSets.put(tags, tags);
        }
        return tags;
    }
}
