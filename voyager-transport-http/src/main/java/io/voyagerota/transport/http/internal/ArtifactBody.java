package io.voyagerota.transport.http.internal;

import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.transport.http.FileSlice;
import io.voyagerota.transport.http.ResponseBody;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.util.Optional;

/**
 * A range of an artifact, opened when written with {@link ArtifactStorage#open(ArtifactKey, long, long)}, which
 * starts at the offset without reading what comes before, and copied through one fixed buffer; or, when the store
 * keeps it in a file, handed to an adapter that can send it without copying ({@link #openFile}).
 */
final class ArtifactBody implements ResponseBody {
    private final ArtifactStorage storage;
    private final ArtifactKey key;
    private final long offset;
    private final long length;
    private final int bufferBytes;
    private final DownloadCounters counters;

    ArtifactBody(ArtifactStorage storage, ArtifactKey key, long offset, long length, int bufferBytes,
                 DownloadCounters counters) {
        this.counters = counters;
        this.storage = storage;
        this.key = key;
        this.offset = offset;
        this.length = length;
        this.bufferBytes = bufferBytes;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public Optional<FileSlice> openFile() throws IOException {
        Optional<FileChannel> opened = storage.openChannel(key);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        FileChannel channel = opened.get();
        try {
            long size = channel.size();
            if (offset + length > size) {
                throw new EOFException("artifact " + key + " has " + size + " bytes, fewer than the " + (offset
                        + length) + " its answer announced");
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        counters.started();
        long began = System.nanoTime();
        return Optional.of(new FileSlice(channel, offset, length, (sent, whole) -> {
            counters.sent(sent);
            counters.finished(whole, System.nanoTime() - began);
        }));
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        counters.started();
        long began = System.nanoTime();
        boolean whole = false;
        try (InputStream in = storage.open(key, offset, length)) {
            byte[] buffer = new byte[(int) Math.min(bufferBytes, Math.max(1, length))];
            long left = length;
            while (left > 0) {
                int n = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, left));
                if (n == 0) {
                    throw new EOFException("artifact " + key + " ended " + left + " bytes early");
                }
                out.write(buffer, 0, n);
                counters.sent(n);
                left -= n;
            }
            whole = true;
        } catch (RuntimeException e) {
            // The status line is already sent (the artifact vanished after stat, say): abort the connection so
            // the client sees a short body, never a wrong one, and resumes with Range.
            throw new IOException("artifact " + key + " could not be read: " + e.getMessage(), e);
        } finally {
            counters.finished(whole, System.nanoTime() - began);
        }
    }
}
