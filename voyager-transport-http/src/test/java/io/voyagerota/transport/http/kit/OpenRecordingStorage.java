package io.voyagerota.transport.http.kit;

import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.StoredArtifact;
import io.voyagerota.testing.ForwardingArtifactStorage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real storage that remembers which ranges were opened, to show that a Range never reads from the start, and which
 * keys were looked up, to show that a refused download never reached storage.
 */
public final class OpenRecordingStorage extends ForwardingArtifactStorage {
    /** One call to {@link #open}. */
    public record Opened(ArtifactKey key, long offset, long length) {
    }

    private final List<Opened> opened = new CopyOnWriteArrayList<>();
    private final List<ArtifactKey> statted = new CopyOnWriteArrayList<>();

    public OpenRecordingStorage(ArtifactStorage delegate) {
        super(delegate);
    }

    public List<Opened> opened() {
        return List.copyOf(opened);
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

}
