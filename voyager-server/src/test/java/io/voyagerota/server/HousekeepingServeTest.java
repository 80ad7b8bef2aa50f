package io.voyagerota.server;

import io.voyagerota.catalog.Release;
import io.voyagerota.spi.ArtifactKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Housekeeping in {@code voyager serve}: at start it removes what a crash left behind, seen through the admin API. */
class HousekeepingServeTest {
    private static final String TOKEN = "housekeeping-test-admin-token-0123456789abcdef";
    private static final String ORPHAN = "products/locker/releases/9.9.9/stored-then-crashed.bin";

    @TempDir
    Path data;

    private HttpResponse<String> admin(VoyagerServer server, String path, boolean post) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.url().resolve("/v1/admin" + path))
                .header("Authorization", "Bearer " + TOKEN);
        request = post ? request.POST(HttpRequest.BodyPublishers.noBody()) : request.GET();
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCrashsLeftoversAreGoneAfterTheNextStartAndTheRunIsVisible() throws Exception {
        String liveKey;
        try (VoyagerServer server = TestServers.start(data)) {
            TestServers.createProduct(server.voyager());
            Release live = TestServers.release(server.voyager(), "1.0.0", TestServers.image("1.0.0", 16 * 1024));
            liveKey = live.artifact().orElseThrow().key();
            // stored, then the node died before the catalog commit
            server.voyager().storage().put(ArtifactKey.of(ORPHAN), new ByteArrayInputStream(new byte[4096]), 8192);
        }
        Path orphanDir = data.resolve("artifacts/objects/" + ORPHAN + "@");
        assertTrue(Files.isDirectory(orphanDir), "the layout this test relies on: " + orphanDir);
        FileTime twoDaysAgo = FileTime.from(Instant.now().minus(Duration.ofDays(2)));
        Files.setLastModifiedTime(orphanDir, twoDaysAgo);
        Path crashedPut = Files.createDirectories(data.resolve("artifacts/tmp/put-crashed"));
        Files.write(crashedPut.resolve("data"), new byte[1024]);
        Files.setLastModifiedTime(crashedPut.resolve("data"), twoDaysAgo);
        Files.setLastModifiedTime(crashedPut, twoDaysAgo);

        try (VoyagerServer server = TestServers.start(data, new ByteArrayOutputStream(),
                b -> b.adminToken(Optional.of(TOKEN)))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while ((Files.exists(orphanDir) || !admin(server, "/housekeeping", false).body().contains("lastRun"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertFalse(Files.exists(orphanDir), "the unreferenced artifact is purged");
            assertFalse(Files.exists(crashedPut), "the crashed put's temporary directory is swept (when the store opens)");
            assertTrue(server.voyager().storage().stat(ArtifactKey.of(liveKey)).isPresent(), "the live one stays");

            String status = admin(server, "/housekeeping", false).body();
            assertTrue(status.contains("\"enabled\":true"), status);
            assertTrue(status.contains("{\"key\":\"" + ORPHAN + "\",\"reason\":\"unreferenced\",\"eventId\":\"purge-"),
                    status);

            HttpResponse<String> again = admin(server, "/housekeeping/run", true);
            assertEquals(200, again.statusCode(), again.body());
            assertTrue(again.body().contains("\"artifactsListed\":1,\"purges\":[],\"problems\":[]"), again.body());
            assertEquals(401, HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    server.url().resolve("/v1/admin/housekeeping/run")).POST(
                    HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }
}
