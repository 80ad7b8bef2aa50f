package io.voyagerota.transport.http.jdk;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.voyagerota.transport.http.ResponseBody;
import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.VoyagerRequest;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.internal.RequestThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Mounts a {@link VoyagerHttpHandler} on the JDK's built-in {@link HttpServer}, for hosts without a servlet
 * container. Either mount it on a server of your own:
 *
 * <pre>{@code
 * HttpServer server = HttpServer.create(new InetSocketAddress(8080), 0);
 * server.setExecutor(JdkHttpServerAdapter.newDefaultExecutor());
 * new JdkHttpServerAdapter(handler).mount(server);
 * server.start();
 * }</pre>
 *
 * or let {@link #start} create, configure and start one. Bodies are sent with a fixed length (never chunked), and
 * artifacts are streamed through the handler's fixed buffer.
 */
public final class JdkHttpServerAdapter implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(JdkHttpServerAdapter.class);

    private static final String NODELAY = "sun.net.httpserver.nodelay";

    private final Function<VoyagerRequest, VoyagerResponse> handler;
    private final String contextPath;

    public JdkHttpServerAdapter(VoyagerHttpHandler handler) {
        if (handler == null) {
            throw new IllegalArgumentException("handler must not be null");
        }
        this.handler = handler::handle;
        String base = handler.config().basePath();
        this.contextPath = base.isEmpty() ? "/" : base;
    }

    /**
     * Serves another handler of the same request and response types at {@code contextPath}, such as the admin
     * console ({@code voyager-console}) beside the API; {@code handler} must not throw.
     */
    public JdkHttpServerAdapter(String contextPath, Function<VoyagerRequest, VoyagerResponse> handler) {
        if (handler == null || contextPath == null || !contextPath.startsWith("/")) {
            throw new IllegalArgumentException("a handler and a context path starting with '/' are needed");
        }
        this.handler = handler;
        this.contextPath = contextPath;
    }

    /** Creates the server context at the handler's base path ({@code /} when it is empty). */
    public HttpContext mount(HttpServer server) {
        return server.createContext(contextPath, this);
    }

    /**
     * The executor {@link #start} uses: on JDK 24 and later a virtual thread per request; before, a fixed pool of
     * {@code max(32, 8 × cores)} platform threads. Virtual threads wait for JDK 24 because this server writes to
     * the socket inside {@code synchronized} blocks, which pin a virtual thread to its carrier before JEP 491: a
     * few slow downloads would otherwise stall every check. The runtime's feature version decides.
     */
    public static ExecutorService newDefaultExecutor() {
        return RequestThreads.newDefault("voyager-http-");
    }

    /**
     * Turns Nagle's algorithm off for the JDK HTTP servers this JVM creates, unless the operator set
     * {@code -Dsun.net.httpserver.nodelay} themselves. Left on (the JDK's default), a small answer written as headers
     * then body waits for the client's delayed ACK: about 40 ms per request on a kept-alive connection. The JDK
     * reads the property once, when the JVM's first {@link HttpServer} is made, so call this before that;
     * {@link #start} does.
     */
    public static void preferLowLatency() {
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
    }

    /**
     * Creates a server on {@code address} with {@link #newDefaultExecutor()} and {@link #preferLowLatency()}, mounts
     * the handler and starts it.
     */
    public static Running start(VoyagerHttpHandler handler, InetSocketAddress address) throws IOException {
        preferLowLatency();
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService executor = newDefaultExecutor();
        server.setExecutor(executor);
        new JdkHttpServerAdapter(handler).mount(server);
        server.start();
        return new Running(server, executor);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            VoyagerResponse response = handler.apply(new ExchangeRequest(exchange));
            Headers headers = exchange.getResponseHeaders();
            for (VoyagerResponse.Header h : response.headers()) {
                headers.add(h.name(), h.value());
            }
            int status = response.status();
            if (status >= 400 && hasBody(exchange)) {
                // A refusal may leave the request body unread: end the connection rather than have a client reuse
                // it while the rest of its upload is still on the wire.
                headers.set("Connection", "close");
            }
            ResponseBody body = response.body();
            if (status == 204 || status == 304) {
                exchange.sendResponseHeaders(status, -1);
            } else if (method.equals("HEAD")) {
                // This server leaves a HEAD response's length to the handler, and refuses to send its body.
                headers.set("Content-Length", Long.toString(body.length()));
                exchange.sendResponseHeaders(status, -1);
            } else if (body.length() == 0) {
                exchange.sendResponseHeaders(status, -1); // -1 here means "Content-Length: 0", not chunked
            } else {
                exchange.sendResponseHeaders(status, body.length());
                OutputStream out = exchange.getResponseBody();
                body.writeTo(out);
                out.flush();
            }
        } catch (IOException e) {
            // Usually the device went away mid-download; it resumes with Range. Closing aborts the connection.
            LOG.debug("{} {}: response not completed: {}", exchange.getRequestMethod(), exchange.getRequestURI()
                    .getRawPath(), e.toString());
            throw e;
        }
    }

    private static boolean hasBody(HttpExchange exchange) {
        Headers request = exchange.getRequestHeaders();
        String length = request.getFirst("Content-Length");
        return request.containsKey("Transfer-Encoding") || length != null && !length.trim().equals("0");
    }

    /** The exchange as a {@link VoyagerRequest}. */
    private static final class ExchangeRequest implements VoyagerRequest {
        private final HttpExchange exchange;

        ExchangeRequest(HttpExchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public String method() {
            return exchange.getRequestMethod();
        }

        @Override
        public String path() {
            return exchange.getRequestURI().getRawPath();
        }

        @Override
        public String query() {
            String query = exchange.getRequestURI().getRawQuery();
            return query == null ? "" : query;
        }

        @Override
        public Optional<String> header(String name) {
            return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
        }

        @Override
        public InputStream body() {
            return exchange.getRequestBody();
        }
    }

    /** A started server and the executor it owns; closing stops both. */
    public static final class Running implements AutoCloseable {
        private final HttpServer server;
        private final ExecutorService executor;

        private Running(HttpServer server, ExecutorService executor) {
            this.server = server;
            this.executor = executor;
        }

        public HttpServer server() {
            return server;
        }

        /** The bound port, useful when started on port 0. */
        public int port() {
            return server.getAddress().getPort();
        }

        /** Stops at once: exchanges in progress are cut off (devices resume downloads with Range). */
        @Override
        public void close() {
            stop(0);
        }

        /** Stops accepting, gives exchanges in progress up to {@code graceSeconds} to finish, then stops. */
        public void stop(int graceSeconds) {
            server.stop(graceSeconds);
            executor.shutdown();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
