package io.voyagerota.transport.mqtt.brokers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** A real MQTT broker the test started on a free loopback port. */
public interface Broker extends AutoCloseable {
    /** The loopback port it listens on. */
    int port();

    /** Where clients connect, such as {@code tcp://127.0.0.1:41234}. */
    default String uri() {
        return "tcp://127.0.0.1:" + port();
    }

    @Override
    void close();

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a temporary folder; one left behind is harmless. */
    static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // nothing to do: the folder is temporary
        }
    }

    /** Waits until something accepts connections on the port; {@code log} tells why not. */
    static void awaitListening(int port, Duration timeout, Supplier<String> log) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no broker listening on port " + port + " after " + timeout
                            + "; its log: " + log.get(), e);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ie);
                }
            }
        }
    }
}
