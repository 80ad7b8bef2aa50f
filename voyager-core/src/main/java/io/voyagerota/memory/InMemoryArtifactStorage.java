package io.voyagerota.memory;

import io.voyagerota.ConflictException;
import io.voyagerota.InvalidInputException;
import io.voyagerota.NotFoundException;
import io.voyagerota.support.DigestingCopier;
import io.voyagerota.support.StorageChecks;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.ArtifactTooLargeException;
import io.voyagerota.spi.StoredArtifact;
import io.voyagerota.spi.StoredObject;
import io.voyagerota.spi.StoredObjectPage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Artifacts held in memory, for tests and demos. It streams like the real adapters (size and hash on the way in,
 * nothing visible before the put completes) but naturally keeps each artifact's bytes on the heap.
 */
public final class InMemoryArtifactStorage implements ArtifactStorage {
    private record Entry(StoredArtifact meta, byte[] bytes, Instant lastModified, Optional<Instant> deletedAt) {
        boolean deleted() {
            return deletedAt.isPresent();
        }
    }

    // Sorted the way list() pages, so a page is a walk from the cursor rather than a sort of everything.
    private final NavigableMap<ArtifactKey, Entry> entries = new ConcurrentSkipListMap<>(
            Comparator.comparing(ArtifactKey::value, StorageChecks.LISTING_ORDER));
    private final InstantSource clock;

    public InMemoryArtifactStorage() {
        this(InstantSource.system());
    }

    public InMemoryArtifactStorage(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public StoredArtifact put(ArtifactKey key, InputStream content, long maxBytes) throws IOException {
        if (entries.containsKey(key)) {
            throw new ConflictException("artifact " + key + " already exists; artifacts are never overwritten");
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DigestingCopier.Result copied = DigestingCopier.copy(content, buffer, maxBytes);
        if (copied.exceeded()) {
            throw new ArtifactTooLargeException(key, maxBytes);
        }
        StoredArtifact meta = new StoredArtifact(key, copied.size(), copied.sha256(), clock.instant());
        if (entries.putIfAbsent(key, new Entry(meta, buffer.toByteArray(), meta.storedAt(), Optional.empty())) != null) {
            throw new ConflictException("artifact " + key + " already exists; artifacts are never overwritten");
        }
        return meta;
    }

    @Override
    public Optional<StoredArtifact> stat(ArtifactKey key) {
        Entry e = entries.get(key);
        return e == null || e.deleted() ? Optional.empty() : Optional.of(e.meta());
    }

    @Override
    public InputStream open(ArtifactKey key, long offset, long length) {
        Entry e = entries.get(key);
        if (e == null || e.deleted()) {
            throw new NotFoundException("artifact", key.value());
        }
        if (offset < 0 || length < 0 || offset > e.bytes().length || length > e.bytes().length - offset) {
            throw new InvalidInputException("range " + offset + "+" + length + " lies outside artifact " + key
                    + " of " + e.bytes().length + " bytes");
        }
        return new ByteArrayInputStream(e.bytes(), (int) offset, (int) length);
    }

    @Override
    public boolean delete(ArtifactKey key) {
        return flip(key, true);
    }

    @Override
    public boolean restore(ArtifactKey key) {
        return flip(key, false);
    }

    @Override
    public boolean purge(ArtifactKey key) {
        return entries.remove(key) != null;
    }

    @Override
    public StoredObjectPage list(String after, int limit) {
        StorageChecks.listArguments(after, limit);
        Map<ArtifactKey, Entry> rest = after.isEmpty() ? entries : entries.tailMap(ArtifactKey.of(after), false);
        List<StoredObject> page = new ArrayList<>(Math.min(limit, 64));
        for (Map.Entry<ArtifactKey, Entry> e : rest.entrySet()) {
            if (page.size() == limit) {
                break;
            }
            page.add(new StoredObject(e.getKey(), e.getValue().lastModified(), e.getValue().deletedAt()));
        }
        return StoredObjectPage.of(page, limit);
    }

    private boolean flip(ArtifactKey key, boolean deleted) {
        Entry[] changed = new Entry[1];
        // The skip list may apply the function more than once under contention; only the last call counts.
        entries.computeIfPresent(key, (k, e) -> {
            changed[0] = null;
            if (e.deleted() == deleted) {
                return e;
            }
            Instant now = clock.instant();
            changed[0] = new Entry(e.meta(), e.bytes(), now, deleted ? Optional.of(now) : Optional.empty());
            return changed[0];
        });
        return changed[0] != null;
    }

    /** Whether the key exists at all, deleted or not; for tests. */
    public boolean holds(ArtifactKey key) {
        return entries.containsKey(key);
    }

    /** When it was stored; for tests. */
    Instant storedAt(ArtifactKey key) {
        return entries.get(key).meta().storedAt();
    }
}
