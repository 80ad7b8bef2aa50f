package io.voyagerota.server.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reports bytes read to a progress bar. */
final class ProgressInputStream extends FilterInputStream {
    private final ProgressBar bar;

    ProgressInputStream(InputStream in, ProgressBar bar) {
        super(in);
        this.bar = bar;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            bar.advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n = super.read(buffer, off, len);
        if (n > 0) {
            bar.advance(n);
        }
        return n;
    }
}
