package io.voyagerota.server.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on standard error, drawn only when a person is watching (a console is attached), so
 * that logs of CI jobs stay clean. Redraws at most ten times a second.
 */
final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean enabled;
    private long done;
    private long lastDrawNanos;

    ProgressBar(PrintStream out, String label, long total, boolean enabled) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.enabled = enabled;
    }

    /** A bar on standard error, shown only when the process has a console. */
    static ProgressBar forTerminal(String label, long total) {
        return new ProgressBar(System.err, label, total, System.console() != null);
    }

    void advance(long bytes) {
        done += bytes;
        long now = System.nanoTime();
        if (enabled && now - lastDrawNanos > 100_000_000L) {
            lastDrawNanos = now;
            draw();
        }
    }

    String render() {
        double fraction = total <= 0 ? 0 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        return String.format(Locale.ROOT, "%s [%s%s] %3d%% %s / %s", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), Math.round(fraction * 100), human(done), human(total));
    }

    private void draw() {
        out.print("\r" + render());
        out.flush();
    }

    @Override
    public void close() {
        if (enabled) {
            draw();
            out.println();
        }
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
