package io.voyagerota.server.internal;

import io.voyagerota.server.HttpEngine;
import io.voyagerota.transport.http.ResponseBody;
import io.voyagerota.transport.http.VoyagerResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code /healthz} says the process answers; {@code /readyz} says whether it can serve (its database answers). */
class HttpFrontTest {
    @ParameterizedTest
    @EnumSource(HttpEngine.class)
    void readinessFollowsTheDatabaseWhileHealthDoesNot(HttpEngine engine) throws Exception {
        AtomicBoolean database = new AtomicBoolean(true);
        HttpFront front = HttpFront.start(engine, new InetSocketAddress("127.0.0.1", 0), "/v1",
                request -> new VoyagerResponse(204, List.of(), ResponseBody.empty()), Map.of(), database::get,
                Optional.empty());
        try {
            assertEquals("200 {\"status\":\"ready\"}", get(front, "/readyz"));
            database.set(false);
            assertEquals("503 {\"status\":\"database-unreachable\"}", get(front, "/readyz"));
            assertEquals("200 {\"status\":\"ok\"}", get(front, "/healthz"), "alive, though not ready");
            assertEquals(404, Integer.parseInt(get(front, "/readyz/x").substring(0, 3)));
        } finally {
            front.stop(Duration.ZERO);
        }
    }

    private static String get(HttpFront front, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + front.address().getPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body().strip();
    }
}
