package io.voyagerota.server.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    private ProgressBar bar(ByteArrayOutputStream sink, long total, ProgressBar.Style style) {
        return new ProgressBar(new PrintWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8), true), "upload",
                total, style, nanos::get);
    }

    @Test
    void rendersShareSizesAndRate() {
        ProgressBar bar = bar(new ByteArrayOutputStream(), 2L * 1024 * 1024, ProgressBar.Style.SILENT);
        bar.advance(1024 * 1024);
        nanos.addAndGet(500_000_000L);
        assertEquals("upload [###############...............]  50% 1.0 MiB / 2.0 MiB  2.0 MiB/s", bar.render());
    }

    @Test
    void staysSilentWhenAskedTo() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ProgressBar bar = bar(sink, 10, ProgressBar.Style.SILENT)) {
            bar.advance(10);
        }
        assertEquals(0, sink.size());
    }

    @Test
    void writesAFewPlainLinesForLogs() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ProgressBar bar = bar(sink, 1000, ProgressBar.Style.LINES)) {
            for (int i = 0; i < 100; i++) {
                nanos.addAndGet(10_000_000L);
                bar.advance(10);
            }
        }
        String text = sink.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\r"), text);
        String[] lines = text.split("\n");
        assertEquals(4, lines.length, text); // 25%, 50%, 75%, then the final line at 100%
        assertTrue(lines[0].contains(" 25% "), lines[0]);
        assertTrue(lines[3].contains("100% 1000 B / 1000 B  1000 B/s"), lines[3]);
    }

    @Test
    void redrawsInPlaceOnAConsole() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ProgressBar bar = bar(sink, 100, ProgressBar.Style.CONSOLE)) {
            nanos.addAndGet(200_000_000L);
            bar.advance(50);
            bar.advance(10); // within 100 ms of the last draw: not redrawn
            nanos.addAndGet(200_000_000L);
            bar.advance(40);
            nanos.addAndGet(5_000_000_000L); // waiting for the server's answer does not lower the rate
        }
        String text = sink.toString(StandardCharsets.UTF_8);
        assertEquals(3, text.chars().filter(c -> c == '\r').count(), text);
        assertTrue(text.endsWith("100% 100 B / 100 B  250 B/s" + System.lineSeparator()), text);
    }
}
