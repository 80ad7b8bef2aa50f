package io.voyagerota.server.internal;

import com.sun.net.httpserver.HttpServer;
import io.voyagerota.transport.http.VoyagerRequest;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.jdk.JdkHttpServerAdapter;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The JDK's built-in {@link HttpServer}, one context per mount (it picks the longest matching context itself). */
final class JdkEngine implements HttpFront.Engine {
    @Override
    public HttpFront.Listener start(InetSocketAddress address,
                                    Map<String, Function<VoyagerRequest, VoyagerResponse>> mounts) throws IOException {
        JdkHttpServerAdapter.preferLowLatency(); // else ~40 ms per small answer on a kept-alive connection
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService executor = JdkHttpServerAdapter.newDefaultExecutor();
        server.setExecutor(executor);
        mounts.forEach((path, handler) -> new JdkHttpServerAdapter(path, handler).mount(server));
        server.start();
        return new HttpFront.Listener() {
            private Thread stopper;

            @Override
            public InetSocketAddress address() {
                return server.getAddress();
            }

            @Override
            public void stopAccepting(Duration grace) {
                // stop(delay) closes the listening socket first, then waits; it runs on its own thread because
                // before JDK 22 it sleeps out the whole delay even when nothing is left to wait for.
                long seconds = Math.max(0, (grace.toMillis() + 999) / 1000);
                stopper = new Thread(() -> server.stop((int) Math.min(Integer.MAX_VALUE, seconds)),
                        "voyager-http-stop");
                stopper.setDaemon(true);
                stopper.start();
            }

            @Override
            public void close() {
                server.stop(0); // the front has waited already: this ends the first stop's wait and what is left
                try {
                    if (stopper != null) {
                        stopper.join(5_000);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                executor.shutdown();
                try {
                    executor.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
