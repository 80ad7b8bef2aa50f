package io.voyagerota.server.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a long transfer on standard error: bytes, share and rate. On a console one line is redrawn in place
 * (at most ten times a second); in a CI log, where {@code \r} would pile up, a plain line is written at each
 * quarter; or nothing at all.
 */
final class ProgressBar implements AutoCloseable {
    /** How progress is shown. */
    enum Style { CONSOLE, LINES, SILENT }

    private static final int WIDTH = 30;
    private final PrintWriter out;
    private final String label;
    private final long total;
    private final Style style;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private long done;
    private long lastDrawNanos;
    private long finishedNanos = -1;
    private int quartersShown;

    ProgressBar(PrintWriter out, String label, long total, Style style, LongSupplier nanoTime) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.style = style;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
    }

    /** {@link #forTerminal(PrintWriter, String, long)} on standard error. */
    static ProgressBar forTerminal(String label, long total) {
        return forTerminal(new PrintWriter(System.err, true), label, total);
    }

    /** Redrawn on a console, silent otherwise: for local work such as signing, where logs need no progress. */
    static ProgressBar forTerminal(PrintWriter err, String label, long total) {
        return new ProgressBar(err, label, total, System.console() != null ? Style.CONSOLE : Style.SILENT,
                System::nanoTime);
    }

    /** Redrawn on a console, a few plain lines otherwise: for uploads, which CI logs should show. */
    static ProgressBar forTransfer(PrintWriter err, String label, long total) {
        return new ProgressBar(err, label, total, System.console() != null ? Style.CONSOLE : Style.LINES,
                System::nanoTime);
    }

    synchronized void advance(long bytes) {
        done += bytes;
        if (done >= total && finishedNanos < 0) {
            // The rate is that of the transfer, not of the wait for the server's answer that follows it.
            finishedNanos = nanoTime.getAsLong();
        }
        if (style == Style.CONSOLE) {
            long now = nanoTime.getAsLong();
            if (now - lastDrawNanos > 100_000_000L) {
                lastDrawNanos = now;
                out.print("\r" + render());
                out.flush();
            }
        } else if (style == Style.LINES && total > 0) {
            int quarters = (int) Math.min(4, done * 4 / total);
            if (quarters > quartersShown && quarters < 4) {
                quartersShown = quarters;
                out.println(render());
                out.flush();
            }
        }
    }

    synchronized String render() {
        double fraction = total <= 0 ? 0 : Math.min(1.0, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = ((finishedNanos >= 0 ? finishedNanos : nanoTime.getAsLong()) - startNanos) / 1e9;
        String rate = seconds <= 0 ? "" : "  " + human((long) (done / seconds)) + "/s";
        return String.format(Locale.ROOT, "%s [%s%s] %3d%% %s / %s%s", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), Math.round(fraction * 100), human(done), human(total), rate);
    }

    @Override
    public synchronized void close() {
        if (style == Style.CONSOLE) {
            out.print("\r" + render());
            out.println();
        } else if (style == Style.LINES) {
            out.println(render());
        }
        out.flush();
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
