package io.voyagerota.benchmarks.fanout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's mosquitto ({@code /usr/sbin/mosquitto}) with the project's ACL model (docs/mosquitto-acl.conf): no
 * anonymous clients, a password for every user, the server's user {@code voyager} reading every device's reports and
 * writing every trigger, each device confined to its own topics, and one more user, {@code observer}, that may read
 * every trigger topic (the load client that stands in for the fleet's subscriptions).
 */
final class Broker implements AutoCloseable {
    static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    private static final Path PASSWD = Path.of("/usr/bin/mosquitto_passwd");

    private final Process process;
    private final int port;
    private final Path home;

    private Broker(Process process, int port, Path home) {
        this.process = process;
        this.port = port;
        this.home = home;
    }

    /**
     * Starts the broker on a free port of 127.0.0.1.
     *
     * @param users user name to password; hashed into the password file with {@code mosquitto_passwd -U}
     */
    static Broker start(Path home, Map<String, String> users) throws IOException, InterruptedException {
        Files.createDirectories(home);
        // Started as root, mosquitto drops to its own user, so its files must be readable by others.
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        int port = freePort();
        List<String> lines = new ArrayList<>();
        users.forEach((user, password) -> lines.add(user + ":" + password));
        Path passwd = readable(Files.write(home.resolve("passwd"), lines));
        Process hash = new ProcessBuilder(PASSWD.toString(), "-U", passwd.toString()).inheritIO().start();
        if (hash.waitFor() != 0) {
            throw new IOException("mosquitto_passwd -U failed");
        }
        readable(passwd);
        Path acl = readable(Files.write(home.resolve("acl"), List.of(
                "user voyager", "topic read devices/+/ota/status", "topic read devices/+/ota/state",
                "topic write devices/+/ota",
                "user observer", "topic read devices/+/ota",
                "pattern read devices/%u/ota", "pattern write devices/%u/ota/status",
                "pattern write devices/%u/ota/state")));
        Path conf = readable(Files.write(home.resolve("mosquitto.conf"), List.of(
                "listener " + port + " 127.0.0.1", "allow_anonymous false", "password_file " + passwd,
                "acl_file " + acl, "persistence false", "set_tcp_nodelay true",
                // QoS 1 to a subscriber that is behind is queued, not dropped (the default drops beyond 1,000).
                "max_queued_messages 0", "max_inflight_messages 1000", "max_connections -1")));
        Process p = new ProcessBuilder(MOSQUITTO.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(home.resolve("log.txt").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "broker-stop")); // also when interrupted
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!listening(port)) {
            if (System.nanoTime() > deadline || !p.isAlive()) {
                p.destroy();
                throw new IOException("mosquitto did not start: " + Files.readString(home.resolve("log.txt")));
            }
            Thread.sleep(50);
        }
        return new Broker(p, port, home);
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** The broker's resident memory in MiB, from /proc. */
    long rssMiB() {
        return Procs.rssKiB(process.pid()) / 1024;
    }

    /** The broker's open file descriptors. */
    long openFiles() {
        return Procs.openFiles(process.pid());
    }

    /** The broker's soft limit of open files, from /proc. */
    String fileLimit() {
        return Procs.fileLimit(process.pid());
    }

    /** The CPU time the broker used, user and system, in seconds. */
    double cpuSeconds() {
        return Procs.cpuSeconds(process.pid());
    }

    Path log() {
        return home.resolve("log.txt");
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private static Path readable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
