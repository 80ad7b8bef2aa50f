package io.voyagerota.transport.http.netty;

import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.StoredArtifact;
import io.voyagerota.testing.ForwardingArtifactStorage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store that keeps a file behind each artifact, as the filesystem store does: channels come from a real file,
 * copied once from the store it wraps, so adapters can send them with {@code sendfile}.
 */
final class FileChannelStorage extends ForwardingArtifactStorage {
    private final Path dir;
    private final AtomicInteger channelsOpened = new AtomicInteger();

    FileChannelStorage(ArtifactStorage delegate, Path dir) {
        super(delegate);
        this.dir = dir;
    }

    /** The file behind an artifact. */
    Path fileOf(ArtifactKey key) {
        return dir.resolve(key.value().replaceAll("[^A-Za-z0-9.-]", "_"));
    }

    int channelsOpened() {
        return channelsOpened.get();
    }

    @Override
    public synchronized Optional<FileChannel> openChannel(ArtifactKey key) throws IOException {
        Optional<StoredArtifact> stored = delegate.stat(key);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Path file = fileOf(key);
        if (!Files.exists(file)) {
            try (InputStream in = delegate.open(key, 0, stored.get().size())) {
                Files.copy(in, file);
            }
        }
        channelsOpened.incrementAndGet();
        return Optional.of(FileChannel.open(file, StandardOpenOption.READ));
    }
}
