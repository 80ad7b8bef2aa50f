package io.voyagerota.transport.http.kit;

import io.voyagerota.NotFoundException;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.ArtifactTooLargeException;
import io.voyagerota.spi.StoredArtifact;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A storage that reads what is put into it through a small buffer, counting and hashing the bytes as they arrive,
 * and keeps none of them: for uploads too large to keep in a test's memory, and to watch them arrive.
 */
public final class CountingStorage implements ArtifactStorage {
    private final AtomicLong received = new AtomicLong();

    /** Bytes read from puts so far, while they stream. */
    public long received() {
        return received.get();
    }

    @Override
    public StoredArtifact put(ArtifactKey key, InputStream content, long maxBytes) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[16 * 1024];
        long size = 0;
        for (int n; (n = content.read(buffer)) >= 0; ) {
            size += n;
            received.addAndGet(n);
            if (size > maxBytes) {
                throw new ArtifactTooLargeException(key, maxBytes);
            }
            sha256.update(buffer, 0, n);
        }
        return new StoredArtifact(key, size, HexFormat.of().formatHex(sha256.digest()), Instant.EPOCH);
    }

    @Override
    public Optional<StoredArtifact> stat(ArtifactKey key) {
        return Optional.empty();
    }

    @Override
    public InputStream open(ArtifactKey key, long offset, long length) {
        throw new NotFoundException("artifact", key.value());
    }

    @Override
    public boolean delete(ArtifactKey key) {
        return false;
    }

    @Override
    public boolean restore(ArtifactKey key) {
        return false;
    }

    @Override
    public boolean purge(ArtifactKey key) {
        return false;
    }
}
