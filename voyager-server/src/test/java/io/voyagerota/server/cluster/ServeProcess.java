package io.voyagerota.server.cluster;

import io.voyagerota.server.cli.Main;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One {@code voyager serve} child process, as an operator runs it: a properties file, secrets in the environment,
 * its own data directory. It can be killed with SIGKILL and started again on the same directory; each start logs
 * to a file of its own, so a failure can show what the node said.
 */
final class ServeProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+),");

    private final String name;
    private final Path home;
    private final Path config;
    private final Map<String, String> env;
    private int starts;
    private Process process;
    private Path log;
    private volatile URI root;

    private ServeProcess(String name, Path home, Path config, Map<String, String> env) {
        this.name = name;
        this.home = home;
        this.config = config;
        this.env = Map.copyOf(env);
    }

    /** Launches the process without waiting for it: call {@link #awaitReady()} next, so several nodes start at once. */
    static ServeProcess launch(String name, Path home, Path config, Map<String, String> env) throws IOException {
        ServeProcess node = new ServeProcess(name, home, config, env);
        node.launch();
        return node;
    }

    private void launch() throws IOException {
        log = home.resolve(name + "-start" + (++starts) + ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--config", config.toString(), "--data-dir", home.resolve("data").toString());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        process = pb.start();
        root = null;
    }

    /** Waits until the node answers, and learns its port from its log. */
    ServeProcess awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            Matcher port = LISTENING.matcher(text);
            if (port.find() && text.contains("ready in")) {
                root = URI.create("http://127.0.0.1:" + port.group(1));
                return this;
            }
            assertTrue(process.isAlive(), name + " exited with " + (process.isAlive() ? "" : process.exitValue())
                    + ":\n" + text);
            Thread.sleep(50);
        }
        throw new AssertionError(name + " was not ready within 60 s:\n" + Files.readString(log));
    }

    /** SIGKILL: nothing runs after it, as when a machine dies. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), name + " did not die");
        assertEquals(137, process.exitValue(), "killed by SIGKILL (128 + 9)");
        root = null;
    }

    /** Starts the node again on the same data directory and settings. */
    void restart() throws Exception {
        assertTrue(!process.isAlive(), name + " still runs");
        launch();
        awaitReady();
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    /** Where the node listens, such as {@code http://127.0.0.1:40123}; null while it is down. */
    URI root() {
        return root;
    }

    /** What the node logged since its last start. */
    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
