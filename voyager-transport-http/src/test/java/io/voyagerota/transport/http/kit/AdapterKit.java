package io.voyagerota.transport.http.kit;

import io.voyagerota.testing.TestJson;
import io.voyagerota.transport.http.VoyagerHttpHandler;
import org.junit.jupiter.api.AfterEach;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every kit shares: the adapter under test started on a real loopback port around a fresh
 * {@link HttpFixture}, a real {@link HttpClient} speaking HTTP/1.1 to it, and assertions on problem details.
 * An adapter joins the kits by implementing {@link #serve}.
 */
public abstract class AdapterKit {
    /** A running adapter. */
    public interface Served extends AutoCloseable {
        /** Scheme, host and port, such as {@code http://127.0.0.1:41234}. */
        URI origin();

        @Override
        void close();
    }

    protected final HttpFixture f = new HttpFixture();
    protected final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Served served;

    /** Starts the adapter under test on a free loopback port, serving {@code handler} under its base path. */
    protected abstract Served serve(VoyagerHttpHandler handler) throws Exception;

    /** Starts (or restarts) the adapter with a handler built from the fixture with these options. */
    protected final void start(UnaryOperator<VoyagerHttpHandler.Builder> options) {
        stop();
        try {
            served = serve(options.apply(f.handler()).build());
        } catch (Exception e) {
            throw new IllegalStateException("the adapter under test did not start", e);
        }
    }

    @AfterEach
    final void stop() {
        if (served != null) {
            served.close();
            served = null;
        }
    }

    /** A request to a path and query on the adapter, started with default options if it is not running. */
    protected final HttpRequest.Builder request(String pathAndQuery) {
        if (served == null) {
            start(b -> b);
        }
        return HttpRequest.newBuilder(URI.create(served.origin() + pathAndQuery)).timeout(Duration.ofSeconds(30));
    }

    protected final HttpResponse<String> send(HttpRequest.Builder request) {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    protected final <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return client.send(request.build(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header in "
                + response.statusCode() + " " + response.headers().map()));
    }

    /**
     * Asserts an RFC 9457 problem: status, media type, the members, the instance path, and that no Java internals
     * leak into it.
     */
    protected static Map<String, Object> assertProblem(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response::body);
        assertEquals("application/problem+json", header(response, "Content-Type"));
        Map<String, Object> problem = TestJson.object(response.body());
        assertEquals("https://voyagerota.io/problems/" + code, problem.get("type"), response.body());
        assertEquals(code, problem.get("code"));
        assertEquals((long) status, problem.get("status"));
        assertTrue(problem.get("title") instanceof String t && !t.isBlank(), "title");
        assertTrue(problem.get("detail") instanceof String d && d.length() > 20, "detail says what to fix");
        assertEquals(response.uri().getRawPath(), problem.get("instance"));
        assertFalse(response.body().contains("Exception") || response.body().contains("\tat ")
                || response.body().contains("io.voyagerota."), () -> "leaks internals: " + response.body());
        return problem;
    }
}
