package io.voyagerota.internal;

import io.voyagerota.artifact.ArtifactInspector;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Shows every byte read to an inspector, so an upload is stored and inspected in one pass. */
public final class InspectingInputStream extends FilterInputStream {
    private final ArtifactInspector inspector;
    private final byte[] one = new byte[1];

    public InspectingInputStream(InputStream in, ArtifactInspector inspector) {
        super(in);
        this.inspector = inspector;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            one[0] = (byte) b;
            inspector.update(one, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n = super.read(buffer, off, len);
        if (n > 0) {
            inspector.update(buffer, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) {
        return 0; // every byte must pass through read() to be inspected
    }
}
