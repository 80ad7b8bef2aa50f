package io.voyagerota.transport.http.netty;

import io.netty.util.concurrent.FastThreadLocalThread;
import io.voyagerota.transport.http.ResponseBody;
import io.voyagerota.transport.http.VoyagerRequest;
import io.voyagerota.transport.http.VoyagerResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the adapter kits do not cover: routing, pipelining, refused heads, failures, threads and backpressure. */
class NettyHttpServerTest {
    private NettyHttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private NettyHttpServer start(NettyHttpServer.Builder builder) throws IOException {
        server = builder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).ioThreads(1).start();
        return server;
    }

    private static VoyagerResponse text(String body) {
        return new VoyagerResponse(200, List.of(new VoyagerResponse.Header("Content-Type", "text/plain")),
                ResponseBody.of(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static Function<VoyagerRequest, VoyagerResponse> says(String name) {
        return r -> text(name + " " + r.path() + " [" + r.query() + "]");
    }

    private RawHttp.Response get(String target) throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            return http.send("GET " + target + " HTTP/1.1\r\nHost: t\r\n\r\n").read();
        }
    }

    @Test
    void aPortInUseIsABindExceptionOnEitherTransport() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            for (boolean nio : new boolean[] {false, true}) {
                java.net.BindException e = org.junit.jupiter.api.Assertions.assertThrows(java.net.BindException.class,
                        () -> NettyHttpServer.builder().mount("/", says("x")).forceNio(nio)
                                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort()))
                                .start(), "nio " + nio);
                assertTrue(e.getMessage().contains("cannot listen on"), e.getMessage());
            }
        }
    }

    @Test
    void theLongestContextPathThatPrefixesTheRawPathWins() throws IOException {
        start(NettyHttpServer.builder().mount("/", says("root")).mount("/a", says("a")).mount("/a/b", says("ab")));
        assertEquals("ab /a/b/c%20d [x=1%202]", get("/a/b/c%20d?x=1%202").text());
        assertEquals("a /a/x []", get("/a/x").text());
        assertEquals("a /ab []", get("/ab").text(), "a string prefix, as the JDK server's contexts");
        assertEquals("root /z []", get("/z").text());
        assertEquals("root / [q]", get("http://t/?q").text(), "the absolute form");
    }

    @Test
    void aPathNoMountCoversIs404() throws IOException {
        start(NettyHttpServer.builder().mount("/v1", says("v1")));
        RawHttp.Response response = get("/other");
        assertEquals(404, response.status());
        assertEquals("application/problem+json", response.headers().get("content-type"));
        assertTrue(response.text().contains("\"not-found\""), response.text());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws IOException {
        start(NettyHttpServer.builder().mount("/", r -> {
            if (r.path().equals("/slow")) {
                sleep(300); // answered last if requests were answered side by side
            }
            return text(r.path());
        }));
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\nGET /two HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "HEAD /three HTTP/1.1\r\nHost: t\r\n\r\nGET /four HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals("/slow", http.read().text());
            assertEquals("/two", http.read().text());
            RawHttp.Response head = http.readHead();
            assertEquals("6", head.headers().get("content-length"), "HEAD: the length, no body");
            assertEquals("/four", http.read().text());
        }
    }

    @Test
    void http10KeepsTheConnectionOnlyWhenAskedTo() throws IOException {
        start(NettyHttpServer.builder().mount("/", says("root")));
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response kept = http.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertEquals("keep-alive", kept.headers().get("connection"));
            assertEquals("root /b []", http.send("GET /b HTTP/1.0\r\n\r\n").read().text());
            assertTrue(http.closedByServer(), "HTTP/1.0 without keep-alive closes after the answer");
        }
    }

    @Test
    void connectionsIdleBetweenRequestsOrStalledInAHeadAreClosed() throws IOException {
        start(NettyHttpServer.builder().idleTimeout(Duration.ofMillis(300)).mount("/", says("root")));
        try (RawHttp idle = new RawHttp(server.port()); RawHttp stalled = new RawHttp(server.port())) {
            assertEquals(200, idle.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n").read().status());
            stalled.send("GET / HTTP/1.1\r\nHo");
            long began = System.nanoTime();
            assertTrue(idle.closedByServer());
            assertTrue(stalled.closedByServer());
            assertTrue(System.nanoTime() - began < 10_000_000_000L);
        }
    }

    @Test
    void headersLongerThanTheLimitAre431AndTheConnectionEnds() throws IOException {
        start(NettyHttpServer.builder().mount("/", says("root")));
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response response = http.send("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + "a".repeat(20_000)
                    + "\r\n\r\n").read();
            assertEquals(431, response.status());
            assertEquals("close", response.headers().get("connection"));
            assertTrue(response.text().contains("\"header-too-large\""), response.text());
            assertTrue(http.closedByServer());
        }
        try (RawHttp http = new RawHttp(server.port())) {
            RawHttp.Response response = http.send("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: t\r\n\r\n")
                    .read();
            assertEquals(414, response.status());
            assertTrue(http.closedByServer());
        }
        assertEquals(200, get("/").status(), "still serving");
    }

    @Test
    void aHandlerThatThrowsGetsA500WithoutItsStackTrace() throws IOException {
        start(NettyHttpServer.builder().mount("/", r -> {
            throw new IllegalStateException("secret internals");
        }));
        RawHttp.Response response = get("/boom");
        assertEquals(500, response.status());
        assertEquals("application/problem+json", response.headers().get("content-type"));
        assertTrue(response.text().contains("\"internal-error\""));
        assertFalse(response.text().contains("secret") || response.text().contains("Exception")
                || response.text().contains("\tat "), response.text());
        assertEquals(500, get("/again").status(), "still serving");
    }

    @Test
    void inlineRequestsRunOnTheEventLoopAndOthersOnWorkers() throws IOException {
        AtomicReference<Thread> inline = new AtomicReference<>();
        AtomicReference<Thread> worker = new AtomicReference<>();
        start(NettyHttpServer.builder().inline(r -> r.path().startsWith("/fast")).mount("/", r -> {
            (r.path().startsWith("/fast") ? inline : worker).set(Thread.currentThread());
            return text("ok");
        }));
        assertEquals(200, get("/fast").status());
        assertEquals(200, get("/slow").status());
        assertTrue(inline.get() instanceof FastThreadLocalThread, inline.get().getName());
        assertFalse(worker.get() instanceof FastThreadLocalThread, worker.get().getName());
    }

    @Test
    void anUnreadBodyIsDrainedAfterASuccessAndEndsTheConnectionAfterARefusal() throws IOException {
        start(NettyHttpServer.builder().mount("/", r -> r.path().equals("/refuse")
                ? new VoyagerResponse(400, List.of(), ResponseBody.empty()) : text("ignored")));
        byte[] body = new byte[300 * 1024];
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("POST /take HTTP/1.1\r\nHost: t\r\nContent-Length: " + body.length + "\r\n\r\n").send(body)
                    .send("GET /next HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals("ignored", http.read().text());
            assertEquals("ignored", http.read().text(), "the body was drained, not read as a request");
        }
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("POST /refuse HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\n\r\n").send(new byte[1000]);
            RawHttp.Response refused = http.read();
            assertEquals(400, refused.status());
            assertEquals("close", refused.headers().get("connection"));
            assertTrue(http.closedByServer());
        }
    }

    @Test
    void aBodyLeftUnreadOnceItsQueueIsFullIsStillDrainedBeforeTheNextRequest() throws IOException {
        // The handler answers only after the body's queue stopped the socket: the drain must start reading again.
        start(NettyHttpServer.builder().mount("/", r -> {
            if (r.path().equals("/take")) {
                try (InputStream in = r.body()) {
                    while (in.available() < RequestBody.WANTED) {
                        Thread.onSpinWait();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            return text(r.path());
        }));
        try (RawHttp http = new RawHttp(server.port())) {
            http.send("POST /take HTTP/1.1\r\nHost: t\r\nContent-Length: " + 4 * RequestBody.WANTED + "\r\n\r\n")
                    .send(new byte[4 * RequestBody.WANTED]).send("GET /next HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals("/take", http.read().text());
            assertEquals("/next", http.read().text(), "the rest of the body was drained, then the next request read");
        }
    }

    @Test
    void anUploadTheHandlerIsSlowToReadStopsTheSocketInsteadOfFillingTheHeap() throws Exception {
        long size = 64L * 1024 * 1024;
        CountDownLatch proceed = new CountDownLatch(1);
        start(NettyHttpServer.builder().mount("/", r -> {
            try (InputStream in = r.body()) {
                in.read();
                proceed.await();
                return text(String.valueOf(1 + in.transferTo(OutputStream.nullOutputStream())));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        AtomicLong sent = new AtomicLong();
        try (RawHttp http = new RawHttp(server.port())) {
            http.socket.setSendBufferSize(64 * 1024);
            http.send("PUT / HTTP/1.1\r\nHost: t\r\nContent-Length: " + size + "\r\n\r\n");
            Thread client = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    for (long left = size; left > 0; left -= chunk.length) {
                        http.send(chunk);
                        sent.addAndGet(chunk.length);
                    }
                } catch (IOException e) {
                    sent.set(-1);
                }
            });
            client.start();
            sleep(1500);
            long held = sent.get();
            assertTrue(held > 0 && held < 16L * 1024 * 1024, "the client got " + held + " bytes in while the"
                    + " handler read one: the server must stop reading, not queue the body");
            proceed.countDown();
            RawHttp.Response answer = http.read();
            client.join(10_000);
            assertEquals(String.valueOf(size), answer.text(), "the handler read every byte in the end");
        }
    }

    @Test
    void aSlowReaderHoldsTheWriterBackInsteadOfFillingTheHeap() throws Exception {
        long size = 256L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        start(NettyHttpServer.builder().mount("/", r -> new VoyagerResponse(200, List.of(), new ResponseBody() {
            @Override
            public long length() {
                return size;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                byte[] buffer = new byte[64 * 1024];
                for (long left = size; left > 0; left -= buffer.length) {
                    out.write(buffer);
                    written.addAndGet(buffer.length);
                }
            }
        })));
        try (RawHttp http = new RawHttp(server.port(), 64 * 1024)) {
            http.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            sleep(1500);
            long stalled = written.get();
            sleep(500);
            assertEquals(stalled, written.get(), "the writer is blocked while the client reads nothing");
            assertTrue(stalled < 32L * 1024 * 1024, "the server took " + stalled + " bytes it could not send");
            RawHttp.Response head = http.readHead();
            assertEquals(String.valueOf(size), head.headers().get("content-length"));
            byte[] buffer = new byte[1024 * 1024];
            long received = 0;
            for (int n; received < size && (n = http.in().read(buffer)) > 0; ) {
                received += n;
            }
            assertEquals(size, received, "every byte arrives once the client reads");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
