package io.voyagerota.server;

import com.sun.net.httpserver.HttpServer;
import io.voyagerota.catalog.Release;
import io.voyagerota.transport.http.webhook.WebhookSecret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@code voyager serve} with {@code alerts.webhook-url}: a rollout that pauses itself is posted to a real receiver. */
class AlertWebhookServeTest {
    @TempDir
    Path dir;

    @Test
    void anAutomaticPauseReachesTheWebhook() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> signatures = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            signatures.add(String.valueOf(exchange.getRequestHeaders().getFirst("webhook-signature")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        String secret = WebhookSecret.generate().reveal();
        URI url = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        try (VoyagerServer server = TestServers.start(dir, new ByteArrayOutputStream(),
                b -> b.alerts(a -> a.withWebhookUrl(url).withWebhookSecret(secret).withRules("rollout-paused")
                        .withFailureBurst(1000)))) {
            TestServers.createProduct(server.voyager());
            Release release = TestServers.release(server.voyager(), "1.0.0", TestServers.image("1.0.0", 16 * 1024));
            TestServers.offer(server.voyager(), "probe");
            HttpClient http = HttpClient.newHttpClient();
            for (int failures = 1; failures <= 30 && bodies.isEmpty(); failures++) {
                String device = "dev-" + failures;
                String deviceSecret = server.voyager().devices().enrol(device).secret();
                String report = "{\"reportId\":\"" + device + "-1\",\"product\":\"" + TestServers.PRODUCT
                        + "\",\"fromVersion\":\"0.1.0\",\"toVersion\":\"1.0.0\",\"runningVersion\":\"0.1.0\","
                        + "\"status\":\"FAILED\",\"errorCode\":\"boot-loop\"}";
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(server.apiUrl()
                                + "/devices/" + device + "/reports"))
                        .header("Authorization", "Bearer " + deviceSecret).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(report)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertTrue(answer.statusCode() == 202, answer.body());
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (bodies.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50); // the relay runs every second in the background
            }
            if (bodies.isEmpty()) {
                fail("no webhook arrived; rollout is " + server.voyager().rollouts().ofRelease(release.id()).state());
            }
            String body = bodies.get(0);
            assertTrue(body.startsWith("{\"type\":\"rollout.paused\""), body);
            assertTrue(body.contains("\"automatic\":true"), body);
            assertTrue(body.contains("\"releaseId\":\"" + release.id() + "\""), body);
            assertTrue(signatures.get(0).startsWith("v1,"), signatures.get(0));
        } finally {
            receiver.stop(0);
        }
    }
}
