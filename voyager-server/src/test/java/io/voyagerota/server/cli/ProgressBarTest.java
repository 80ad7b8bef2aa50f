package io.voyagerota.server.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressBarTest {
    @Test
    void rendersShareAndSizes() {
        ProgressBar bar = new ProgressBar(new PrintStream(new ByteArrayOutputStream()), "upload", 2L * 1024 * 1024, false);
        bar.advance(1024 * 1024);
        assertEquals("upload [###############...............]  50% 1.0 MiB / 2.0 MiB", bar.render());
    }

    @Test
    void staysSilentWithoutATerminal() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ProgressBar bar = new ProgressBar(new PrintStream(sink), "x", 10, false)) {
            bar.advance(10);
        }
        assertEquals(0, sink.size());
    }
}
