package io.voyagerota.transport.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Collects what is logged (slf4j-simple writes to the current {@code System.err}) while it runs. */
final class LogCapture {
    private final PrintStream original = System.err;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    private LogCapture() {
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    }

    static LogCapture start() {
        return new LogCapture();
    }

    void stop() {
        System.setErr(original);
        original.print(buffer.toString(StandardCharsets.UTF_8));
    }

    List<String> lines() {
        return buffer.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
