package io.voyagerota.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code server.metrics}: the meters in Prometheus text at {@code /metrics}, over a real socket; off by default. */
class MetricsServeTest {
    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private HttpResponse<String> get(URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCheckOverHttpShowsInTheScrape() throws Exception {
        try (VoyagerServer server = TestServers.start(dir, new ByteArrayOutputStream(),
                b -> b.metrics(true).allowUnauthenticatedChecks(true))) {
            TestServers.createProduct(server.voyager());
            TestServers.release(server.voyager(), "1.2.0", TestServers.image("1.2.0", 4096));
            HttpResponse<String> check = get(URI.create(server.apiUrl() + "/devices/dev-1/update?product="
                    + TestServers.PRODUCT + "&model=" + TestServers.MODEL + "&version=0.1.0"));
            assertEquals(200, check.statusCode(), check.body());

            HttpResponse<String> scrape = get(URI.create(server.url() + "/metrics"));

            assertEquals(200, scrape.statusCode());
            assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                    "Prometheus text: " + scrape.headers().map());
            String body = scrape.body();
            assertTrue(body.contains("voyager_checks_total{outcome=\"offer\"} 1.0"), body);
            assertTrue(body.contains("voyager_offers_total{kind=\"upgrade\"} 1.0"), body);
            assertTrue(body.contains("voyager_outbox_events{state=\"failed\"} 0.0"), body);
            assertTrue(body.contains("voyager_outbox_oldest_pending_age_seconds"), body);
            assertTrue(body.contains("voyager_downloads_total{result=\"completed\"} 0.0"), body);
            assertFalse(body.contains("dev-1"), "no device id in the meters");
            assertEquals(405, client.send(HttpRequest.newBuilder(URI.create(server.url() + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode());
        }
    }

    @Test
    void withoutTheFlagThereIsNoMetricsEndpoint() throws Exception {
        try (VoyagerServer server = TestServers.start(dir)) {
            assertEquals(404, get(URI.create(server.url() + "/metrics")).statusCode());
        }
    }
}
