package io.voyagerota.server;

import io.voyagerota.catalog.Release;
import io.voyagerota.rollout.RolloutState;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/**
 * The server process {@link AutoPauseRestartTest} kills: a {@code voyager serve} on a data directory with a release
 * in production to every device, whose devices report FAILED over HTTP, one after another, until the failure
 * guard pauses the rollout. It then says {@code paused <releaseId> <failures>} and waits to be killed.
 *
 * <p>Argument: the data directory.
 */
public final class FailuresUntilPaused {
    private FailuresUntilPaused() {
    }

    public static void main(String[] args) throws Exception {
        VoyagerServer server = TestServers.start(Path.of(args[0]), new ByteArrayOutputStream(), b -> b);
        TestServers.createProduct(server.voyager());
        Release release = TestServers.release(server.voyager(), "1.0.0", TestServers.image("1.0.0", 16 * 1024));
        TestServers.offer(server.voyager(), "probe"); // offered to every device before the failures
        HttpClient http = HttpClient.newHttpClient();
        for (int failures = 1; failures <= 100; failures++) {
            String device = "dev-" + failures;
            String secret = server.voyager().devices().enrol(device).secret();
            String report = "{\"reportId\":\"" + device + "-1\",\"product\":\"" + TestServers.PRODUCT
                    + "\",\"fromVersion\":\"0.1.0\",\"toVersion\":\"1.0.0\",\"runningVersion\":\"0.1.0\","
                    + "\"status\":\"FAILED\",\"errorCode\":\"boot-loop\"}";
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(server.apiUrl()
                            + "/devices/" + device + "/reports"))
                    .header("Authorization", "Bearer " + secret).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(report)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 202) {
                throw new IllegalStateException("report refused: " + answer.statusCode() + " " + answer.body());
            }
            if (server.voyager().rollouts().ofRelease(release.id()).state() == RolloutState.PAUSED) {
                System.out.println("paused " + release.id() + " " + failures);
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
        }
        System.out.println("never paused");
    }
}
