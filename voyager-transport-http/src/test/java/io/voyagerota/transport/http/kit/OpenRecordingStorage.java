package io.voyagerota.transport.http.kit;

import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.StoredArtifact;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real storage that remembers which ranges were opened, to show that a Range never reads from the start, and which
 * keys were looked up, to show that a refused download never reached storage.
 */
public final class OpenRecordingStorage implements ArtifactStorage {
    /** One call to {@link #open}. */
    public record Opened(ArtifactKey key, long offset, long length) {
    }

    private final ArtifactStorage delegate;
    private final List<Opened> opened = new CopyOnWriteArrayList<>();
    private final List<ArtifactKey> statted = new CopyOnWriteArrayList<>();

    public OpenRecordingStorage(ArtifactStorage delegate) {
        this.delegate = delegate;
    }

    public List<Opened> opened() {
        return List.copyOf(opened);
    }

    @Override
    public StoredArtifact put(ArtifactKey key, InputStream content, long maxBytes) throws IOException {
        return delegate.put(key, content, maxBytes);
    }

    /** Forgets what was opened and looked up so far. */
    public void clearRecords() {
        opened.clear();
        statted.clear();
    }

    /** The keys {@link #stat} was asked about, in order. */
    public List<ArtifactKey> statted() {
        return List.copyOf(statted);
    }

    @Override
    public Optional<StoredArtifact> stat(ArtifactKey key) {
        statted.add(key);
        return delegate.stat(key);
    }

    @Override
    public InputStream open(ArtifactKey key, long offset, long length) throws IOException {
        opened.add(new Opened(key, offset, length));
        return delegate.open(key, offset, length);
    }

    @Override
    public boolean delete(ArtifactKey key) throws IOException {
        return delegate.delete(key);
    }

    @Override
    public boolean restore(ArtifactKey key) throws IOException {
        return delegate.restore(key);
    }

    @Override
    public boolean purge(ArtifactKey key) throws IOException {
        return delegate.purge(key);
    }

    @Override
    public io.voyagerota.spi.StoredObjectPage list(String after, int limit) throws IOException {
        return delegate.list(after, limit);
    }

    @Override
    public List<String> sweepLeftovers() throws IOException {
        return delegate.sweepLeftovers();
    }
}
