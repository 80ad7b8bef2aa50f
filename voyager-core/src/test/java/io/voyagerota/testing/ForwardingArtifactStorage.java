package io.voyagerota.testing;

import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.StoredArtifact;
import io.voyagerota.spi.StoredObjectPage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Optional;

/** Storage that hands every call to another; a test overrides the calls it watches or breaks. */
public class ForwardingArtifactStorage implements ArtifactStorage {
    protected final ArtifactStorage delegate;

    public ForwardingArtifactStorage(ArtifactStorage delegate) {
        this.delegate = delegate;
    }

    @Override
    public StoredArtifact put(ArtifactKey key, InputStream content, long maxBytes) throws IOException {
        return delegate.put(key, content, maxBytes);
    }

    @Override
    public Optional<StoredArtifact> stat(ArtifactKey key) {
        return delegate.stat(key);
    }

    @Override
    public InputStream open(ArtifactKey key, long offset, long length) throws IOException {
        return delegate.open(key, offset, length);
    }

    @Override
    public Optional<FileChannel> openChannel(ArtifactKey key) throws IOException {
        return delegate.openChannel(key);
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
    public StoredObjectPage list(String after, int limit) throws IOException {
        return delegate.list(after, limit);
    }

    @Override
    public List<String> sweepLeftovers() throws IOException {
        return delegate.sweepLeftovers();
    }
}
