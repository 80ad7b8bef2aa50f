package io.voyagerota.server;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debian's mosquitto as a child process on 127.0.0.1 and a free port, anonymous and without persistence. */
public final class TestBroker implements AutoCloseable {
    public static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");

    private final Process process;
    private final int port;

    private TestBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a broker whose configuration and log live in {@code home}, and waits until it listens. */
    public static TestBroker start(Path home) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(MOSQUITTO), MOSQUITTO + " is missing: install Debian's mosquitto (.ci/run"
                + " lists it)");
        int port = TestServers.freePort();
        // Started as root, mosquitto drops to its own user, so its configuration must be readable by others.
        Files.createDirectories(home);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path conf = Files.write(home.resolve("mosquitto.conf"), List.of("listener " + port + " 127.0.0.1",
                "allow_anonymous true", "persistence false"));
        Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));
        Path log = home.resolve("log.txt");
        Process process = new ProcessBuilder(MOSQUITTO.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!TestServers.listening(port)) {
            assertTrue(System.nanoTime() < deadline && process.isAlive(), "mosquitto did not start: "
                    + Files.readString(log));
            Thread.sleep(50);
        }
        return new TestBroker(process, port);
    }

    public int port() {
        return port;
    }

    /** The URL servers take as {@code mqtt.url}. */
    public URI url() {
        return URI.create("tcp://127.0.0.1:" + port);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
