package io.voyagerota.transport.http.jdk;

import com.sun.net.httpserver.HttpServer;
import io.voyagerota.transport.http.HttpConfig;
import io.voyagerota.transport.http.ResponseBody;
import io.voyagerota.transport.http.VoyagerRequest;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.kit.HttpFixture;
import io.voyagerota.testing.TestJson;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What only the JDK adapter does: its default executor, mounting on a server the host owns, and mounting another
 * handler of the same types.
 */
class JdkHttpServerAdapterTest {
    @Test
    void theDefaultExecutorRunsOnVirtualThreadsFromJdk24AndOnANamedPoolBefore() throws Exception {
        ExecutorService executor = JdkHttpServerAdapter.newDefaultExecutor();
        try {
            String thread = executor.submit(() -> Thread.currentThread().toString()).get(5, TimeUnit.SECONDS);
            boolean virtual = thread.startsWith("VirtualThread");
            assertEquals(Runtime.version().feature() >= 24, virtual, thread);
            assertTrue(virtual || thread.contains("voyager-http-"), thread);
        } finally {
            executor.shutdown();
        }
    }

    @Test
    void mountsOnTheHostsOwnServerAtTheRoot() throws Exception {
        HttpFixture f = new HttpFixture("");
        int size = f.firmwareOf(f.production("1.1.0", 5000)).length;
        String secret = f.enrol("d1");
        VoyagerHttpHandler handler = f.handler().config(HttpConfig.defaults().withBasePath("")).build();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        new JdkHttpServerAdapter(handler).mount(server);
        server.start(); // the server's own default executor: the adapter does not need its pool
        try {
            String origin = "http://127.0.0.1:" + server.getAddress().getPort();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> check = client.send(HttpRequest.newBuilder(URI.create(origin
                    + "/devices/d1/update?product=locker&model=locker-s3&version=1.0.0"))
                    .header("Authorization", "Bearer " + secret).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, check.statusCode(), check::body);
            String url = (String) TestJson.object(check.body()).get("url");
            assertTrue(url.startsWith("/artifacts/"), url);
            HttpResponse<byte[]> download = client.send(HttpRequest.newBuilder(URI.create(origin + url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, download.statusCode());
            assertEquals(size, download.body().length);
            assertFalse(download.headers().firstValue("Transfer-Encoding").isPresent(), "a fixed length, not chunked");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void mountsAnotherHandlerOfTheSameTypesAtItsOwnPath() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        new JdkHttpServerAdapter("/other", request -> new VoyagerResponse(200,
                List.of(new VoyagerResponse.Header("Content-Type", "text/plain")),
                ResponseBody.of((request.method() + " " + request.path() + "?" + request.query())
                        .getBytes(StandardCharsets.UTF_8)))).mount(server);
        server.start();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/other/x?y=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("GET /other/x?y=1", r.body());
        } finally {
            server.stop(0);
        }
        assertThrows(IllegalArgumentException.class, () -> new JdkHttpServerAdapter("other", request -> null));
        assertThrows(IllegalArgumentException.class, () -> new JdkHttpServerAdapter("/other",
                (Function<VoyagerRequest, VoyagerResponse>) null));
    }
}
