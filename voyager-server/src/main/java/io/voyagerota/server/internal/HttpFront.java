package io.voyagerota.server.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.voyagerota.transport.http.jdk.JdkHttpServerAdapter;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The JDK {@link HttpServer} in front of the API: the API at its base path, {@code /healthz}, {@code /readyz} and
 * optionally {@code /metrics} beside it, and a count
 * of requests in progress so that shutdown can let them finish. The JDK server cannot say when its exchanges are
 * done (before JDK 22 {@code stop(delay)} always waits the whole delay), so the count decides how long to wait.
 */
public final class HttpFront {
    private static final byte[] OK = "{\"status\":\"ok\"}\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STOPPING = "{\"status\":\"stopping\"}\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] READY = "{\"status\":\"ready\"}\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOT_READY = "{\"status\":\"database-unreachable\"}\n"
            .getBytes(StandardCharsets.US_ASCII);

    /** The Prometheus text exposition format, which every Prometheus server scrapes. */
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Object lock = new Object();
    private int inFlight;
    private boolean draining;

    private HttpFront(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds, mounts {@code api} at {@code basePath}, {@code /healthz} (the process answers) and {@code /readyz}
     * ({@code ready} holds: a load balancer may send it traffic) at the root, and starts serving.
     */
    public static HttpFront start(InetSocketAddress address, String basePath, HttpHandler api,
                                  BooleanSupplier ready) throws IOException {
        return start(address, basePath, api, ready, Optional.empty());
    }

    /** As {@link #start(InetSocketAddress, String, HttpHandler, BooleanSupplier)}, and {@code /metrics} too. */
    public static HttpFront start(InetSocketAddress address, String basePath, HttpHandler api,
                                  BooleanSupplier ready, Optional<Supplier<String>> metrics) throws IOException {
        JdkHttpServerAdapter.preferLowLatency(); // else ~40 ms per small answer on a kept-alive connection
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService executor = JdkHttpServerAdapter.newDefaultExecutor();
        server.setExecutor(executor);
        HttpFront front = new HttpFront(server, executor);
        server.createContext(basePath.isEmpty() ? "/" : basePath, front.tracked(api));
        server.createContext("/healthz", exchange -> front.probe(exchange, "/healthz", () -> true, OK));
        server.createContext("/readyz", exchange -> front.probe(exchange, "/readyz", ready, READY));
        metrics.ifPresent(scrape -> server.createContext("/metrics", exchange -> scrape(exchange, scrape)));
        server.start();
        return front;
    }

    /** Serves {@code handler} at {@code path} too, counted among the requests shutdown waits for. */
    public void mount(String path, HttpHandler handler) {
        server.createContext(path, tracked(handler));
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Requests being answered now. */
    public int inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    /**
     * Stops accepting connections at once, waits up to {@code grace} for the requests in progress, then closes
     * every connection.
     *
     * @return how many requests were still running when the grace period ended (and were cut off)
     */
    public int stop(Duration grace) throws InterruptedException {
        synchronized (lock) {
            draining = true;
        }
        // stop(delay) closes the listening socket first; it runs on its own thread because it may sleep out the
        // whole delay even when nothing is left to wait for.
        long graceSeconds = Math.max(0, (grace.toMillis() + 999) / 1000);
        Thread stopper = new Thread(() -> server.stop((int) Math.min(Integer.MAX_VALUE, graceSeconds)),
                "voyager-http-stop");
        stopper.setDaemon(true);
        stopper.start();
        int left = awaitIdle(grace);
        server.stop(0); // ends the first stop's wait; closes the connections that are left
        stopper.join(5_000);
        executor.shutdown();
        executor.awaitTermination(5, TimeUnit.SECONDS);
        return left;
    }

    private int awaitIdle(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (lock) {
            while (inFlight > 0) {
                long waitNanos = deadline - System.nanoTime();
                if (waitNanos <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, waitNanos);
            }
            return inFlight;
        }
    }

    private HttpHandler tracked(HttpHandler api) {
        return exchange -> {
            boolean admitted;
            synchronized (lock) {
                admitted = !draining;
                if (admitted) {
                    inFlight++;
                }
            }
            if (!admitted) {
                // Only a request on a connection opened before shutdown gets here.
                exchange.getResponseHeaders().set("Connection", "close");
                reply(exchange, 503, STOPPING);
                return;
            }
            try {
                api.handle(exchange);
            } finally {
                synchronized (lock) {
                    inFlight--;
                    lock.notifyAll();
                }
            }
        };
    }

    private boolean isDraining() {
        synchronized (lock) {
            return draining;
        }
    }

    private void probe(HttpExchange exchange, String path, BooleanSupplier up, byte[] upBody) throws IOException {
        if (!routed(exchange, path)) {
            return;
        }
        if (isDraining()) {
            reply(exchange, 503, STOPPING);
        } else {
            boolean answering = up.getAsBoolean();
            reply(exchange, answering ? 200 : 503, answering ? upBody : NOT_READY);
        }
    }

    /** Answers 404 or 405 unless the request is a GET or HEAD of exactly {@code path}. */
    private static boolean routed(HttpExchange exchange, String path) throws IOException {
        String method = exchange.getRequestMethod();
        if (!exchange.getRequestURI().getRawPath().equals(path)) {
            reply(exchange, 404, "{\"status\":\"not found\"}\n".getBytes(StandardCharsets.US_ASCII));
            return false;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            reply(exchange, 405, "{\"status\":\"method not allowed\"}\n".getBytes(StandardCharsets.US_ASCII));
            return false;
        }
        return true;
    }

    private static void scrape(HttpExchange exchange, Supplier<String> scrape) throws IOException {
        if (routed(exchange, "/metrics")) {
            reply(exchange, 200, PROMETHEUS_TEXT, scrape.get().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        reply(exchange, status, "application/json", body);
    }

    private static void reply(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
