package io.voyagerota.storage.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/** A window of a file read with positional reads: nothing before the window is ever read. Closes the channel. */
final class RangeInputStream extends InputStream {
    private final FileChannel channel;
    private final String name;
    private final long end;
    private long position;

    RangeInputStream(FileChannel channel, String name, long offset, long length) {
        this.channel = channel;
        this.name = name;
        this.position = offset;
        this.end = offset + length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, buffer.length);
        if (len == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        int wanted = (int) Math.min(len, end - position);
        int n = channel.read(ByteBuffer.wrap(buffer, off, wanted), position);
        if (n < 0) {
            throw new IOException("artifact " + name + " ended at byte " + position + ", before the " + end
                    + " bytes it had when opened; it was changed on disk behind the storage");
        }
        position += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, end - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - position);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
