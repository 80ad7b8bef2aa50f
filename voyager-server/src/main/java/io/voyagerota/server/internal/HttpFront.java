package io.voyagerota.server.internal;

import io.voyagerota.server.HttpEngine;
import io.voyagerota.transport.http.VoyagerRequest;
import io.voyagerota.transport.http.VoyagerResponse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The HTTP server in front of the APIs, on the {@link HttpEngine} the configuration names: the API at its base path,
 * {@code /healthz}, {@code /readyz} and optionally {@code /metrics} beside it, any further handler mounted, and a
 * count of requests in progress so that shutdown can let them finish. Every handler is a
 * {@code VoyagerRequest → VoyagerResponse} function, so the engines serve the same answers.
 */
public final class HttpFront {
    /** A started engine. */
    interface Listener {
        InetSocketAddress address();

        /** Stops accepting connections; those open stay served for at most {@code grace}. */
        void stopAccepting(Duration grace);

        /** Closes every connection that is left; the front has already waited for what it lets finish. */
        void close();
    }

    /** Starts an engine serving each function at its context path (the longest matching path wins). */
    interface Engine {
        Listener start(InetSocketAddress address, Map<String, Function<VoyagerRequest, VoyagerResponse>> mounts)
                throws IOException;
    }

    private final Listener listener;
    private final InFlight inFlight;

    private HttpFront(Listener listener, InFlight inFlight) {
        this.listener = listener;
        this.inFlight = inFlight;
    }

    /**
     * Binds, mounts {@code api} at {@code basePath}, every entry of {@code more} at its path, {@code /healthz} (the
     * process answers) and {@code /readyz} ({@code ready} holds: a load balancer may send it traffic) at the root,
     * and {@code /metrics} when given, and starts serving.
     */
    public static HttpFront start(HttpEngine engine, InetSocketAddress address, String basePath,
                                  Function<VoyagerRequest, VoyagerResponse> api,
                                  Map<String, Function<VoyagerRequest, VoyagerResponse>> more, BooleanSupplier ready,
                                  Optional<Supplier<String>> metrics) throws IOException {
        InFlight inFlight = new InFlight();
        Map<String, Function<VoyagerRequest, VoyagerResponse>> mounts = new LinkedHashMap<>();
        mounts.put(basePath.isEmpty() ? "/" : basePath, inFlight.track(api));
        more.forEach((path, handler) -> mounts.put(path, inFlight.track(handler)));
        mounts.put("/healthz", Probes.status("/healthz", inFlight, () -> true, false));
        mounts.put("/readyz", Probes.status("/readyz", inFlight, ready, true));
        metrics.ifPresent(scrape -> mounts.put("/metrics", Probes.metrics(scrape)));
        return new HttpFront(engine(engine).start(address, Map.copyOf(mounts)), inFlight);
    }

    private static Engine engine(HttpEngine engine) {
        return switch (engine) {
            case NETTY -> new NettyEngine();
            case JDK -> new JdkEngine();
        };
    }

    public InetSocketAddress address() {
        return listener.address();
    }

    /** Requests being answered now. */
    public int inFlight() {
        return inFlight.running();
    }

    /**
     * Stops accepting connections at once (a request on a connection already open gets 503), waits up to
     * {@code grace} for the requests in progress, then closes every connection.
     *
     * @return how many requests were still running when the grace period ended (and were cut off)
     */
    public int stop(Duration grace) throws InterruptedException {
        inFlight.drain();
        listener.stopAccepting(grace);
        int left = inFlight.awaitIdle(grace.toNanos());
        listener.close();
        return left;
    }
}
