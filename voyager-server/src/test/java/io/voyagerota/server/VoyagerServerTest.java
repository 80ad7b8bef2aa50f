package io.voyagerota.server;

import io.voyagerota.VoyagerException;
import io.voyagerota.auth.Secrets;
import io.voyagerota.decision.Offer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VoyagerServerTest {
    private static final Pattern TOKEN_LINE = Pattern.compile("(?m)^    ([A-Za-z0-9_-]{43})$");

    @TempDir
    Path dir;

    private Path data() {
        return dir.resolve("voyager-data");
    }

    @Test
    void startsOnAFreePortWithTheLayoutAndAnswersHealth() throws Exception {
        try (VoyagerServer server = TestServers.start(data())) {
            assertTrue(server.port() > 0);
            assertEquals(URI.create("http://127.0.0.1:" + server.port() + "/v1"), server.apiUrl());
            for (String sub : new String[] {"db", "artifacts", "secrets", "voyager.lock"}) {
                assertTrue(Files.exists(data().resolve(sub)), sub);
            }
            assertTrue(Files.exists(data().resolve("db/voyager.mv.db")));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    data().resolve("secrets"))));
            for (String secret : new String[] {"download-link.key", "admin-token.sha256"}) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                        data().resolve("secrets").resolve(secret))), secret);
            }

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(server.url().resolve("/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertEquals("{\"status\":\"ok\"}", health.body().strip());
            assertEquals("application/json", health.headers().firstValue("Content-Type").orElseThrow());
            HttpResponse<String> head = http.send(HttpRequest.newBuilder(server.url().resolve("/healthz"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, head.statusCode());
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(server.url().resolve("/healthz"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
            assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
            assertEquals(404, TestServers.get(server.url().resolve("/healthz/more")).statusCode());

            // The device API is mounted at the base path, with its own problem answers.
            HttpResponse<String> check = TestServers.get(server.apiUrl().resolve("/v1/devices/dev-1/update"
                    + "?product=locker&model=locker-s3&version=1.0.0"));
            assertEquals(401, check.statusCode(), check.body());
        }
    }

    @Test
    void smallAnswersOnAKeptAliveConnectionDoNotWaitForDelayedAcks() throws Exception {
        try (VoyagerServer server = TestServers.start(data())) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest health = HttpRequest.newBuilder(server.url().resolve("/healthz")).build();
            for (int i = 0; i < 20; i++) { // warm up
                http.send(health, HttpResponse.BodyHandlers.discarding());
            }
            long begin = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                assertEquals(200, http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode());
            }
            long ms = (System.nanoTime() - begin) / 1_000_000;
            // With Nagle's algorithm on, each answer waits ~40 ms for the client's delayed ACK: 4 s or more.
            assertTrue(ms < 2_000, "100 requests took " + ms + " ms");
        }
    }

    @Test
    void theFirstStartShowsAGeneratedTokenOnceAndKeepsOnlyItsHash() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        String token;
        try (VoyagerServer server = TestServers.start(data(), console, b -> b)) {
            String shown = console.toString(StandardCharsets.UTF_8);
            Matcher m = TOKEN_LINE.matcher(shown);
            assertTrue(m.find(), shown);
            token = m.group(1);
            assertTrue(shown.contains("curl -H \"Authorization: Bearer " + token + "\" " + server.apiUrl()
                    + "/admin/products"), shown);
            assertTrue(shown.contains("export VOYAGER_SERVER=" + server.url() + " VOYAGER_TOKEN=" + token), shown);
            assertTrue(server.voyager().authenticator().authenticateAdmin(token).isPresent());
            assertTrue(server.voyager().authenticator().authenticateAdmin(token + "x").isEmpty());
        }
        assertEquals(Secrets.hash(token), Files.readString(data().resolve("secrets/admin-token.sha256")).strip());
        assertNoFileHolds(data(), token);

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        try (VoyagerServer server = TestServers.start(data(), again, b -> b)) {
            assertEquals("", again.toString(StandardCharsets.UTF_8), "the token is shown only once");
            assertTrue(server.voyager().authenticator().authenticateAdmin(token).isPresent());
        }
    }

    private static void assertNoFileHolds(Path root, String secret) throws Exception {
        try (var files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(secret),
                        f + " holds the token");
            }
        }
    }

    @Test
    void aConfiguredTokenIsAcceptedNeverShownAndStaysAfterTheConfigGoes() throws Exception {
        String token = "configured-admin-token-0123456789abcdef";
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (VoyagerServer server = TestServers.start(data(), console, b -> b.adminToken(Optional.of(token)))) {
            assertEquals("", console.toString(StandardCharsets.UTF_8));
            assertTrue(server.voyager().authenticator().authenticateAdmin(token).isPresent());
        }
        assertNoFileHolds(data(), token);
        try (VoyagerServer server = TestServers.start(data())) {
            assertTrue(server.voyager().authenticator().authenticateAdmin(token).isPresent());
        }
        String replacement = "replacement-admin-token-0123456789abcdef";
        try (VoyagerServer server = TestServers.start(data(), console,
                b -> b.adminTokenSha256(Optional.of(Secrets.hash(replacement))))) {
            assertTrue(server.voyager().authenticator().authenticateAdmin(replacement).isPresent());
            assertTrue(server.voyager().authenticator().authenticateAdmin(token).isEmpty(), "the old one is gone");
        }
    }

    @Test
    void aRestartKeepsTheCatalogTheArtifactsTheDevicesAndTheLinkKey() throws Exception {
        String url;
        String sha;
        byte[] linkKey;
        String secret;
        try (VoyagerServer server = TestServers.start(data())) {
            TestServers.createProduct(server.voyager());
            TestServers.release(server.voyager(), "1.0.0", TestServers.image("1.0.0", 64 * 1024));
            Offer offer = TestServers.offer(server.voyager(), "dev-1");
            url = offer.downloadUrl();
            sha = offer.sha256();
            linkKey = Files.readAllBytes(data().resolve("secrets/download-link.key"));
            secret = server.voyager().devices().enrol("dev-1").secret();
            server.voyager().devices().setTags("dev-1", java.util.Set.of("tester"));
        }
        try (VoyagerServer server = TestServers.start(data())) {
            assertEquals("1.0.0", server.voyager().releases().list(TestServers.PRODUCT).get(0).version().toString());
            assertEquals(java.util.Set.of("tester"), server.voyager().devices().tags("dev-1"));
            // The device's credential was kept (as a hash): its check over HTTP is answered with the offer.
            HttpResponse<String> check = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.apiUrl()
                    .resolve("/v1/devices/dev-1/update?product=locker&model=locker-s3&version=0.9.0"))
                    .header("Authorization", "Bearer " + secret).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, check.statusCode(), check.body());
            assertTrue(check.body().contains("\"version\":\"1.0.0\""), check.body());
            assertArrayEquals(linkKey, Files.readAllBytes(data().resolve("secrets/download-link.key")));
            // A link issued before the restart still verifies: the key was kept, not regenerated.
            HttpResponse<byte[]> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    server.url().resolve(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, download.statusCode());
            assertEquals(sha, java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(download.body())));
        }
    }

    @Test
    void aKilledServerLosesNothingItHadCommitted() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), CommitThenHalt.class.getName(), data().toString())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(137, child.waitFor(), output);
        assertTrue(output.contains("committed"), output);
        // The killed process held the lock and never closed H2: both must be usable again, the product there.
        try (VoyagerServer server = TestServers.start(data())) {
            assertEquals("Smart locker", server.voyager().products().get(TestServers.PRODUCT).name());
        }
    }

    @Test
    void aSecondServerOnTheSameDataDirectoryIsRefused() throws Exception {
        try (VoyagerServer first = TestServers.start(data())) {
            VoyagerException e = assertThrows(VoyagerException.class, () -> TestServers.start(data()));
            assertEquals("data-dir-in-use", e.code());
            assertTrue(e.getMessage().contains("is in use by another voyager server"), e.getMessage());
            assertEquals(200, TestServers.get(first.url().resolve("/healthz")).statusCode());
        }
    }

    @Test
    void aPortInUseIsReportedAndReleasesEverythingItOpened() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            VoyagerException e = assertThrows(VoyagerException.class,
                    () -> TestServers.start(data(), new ByteArrayOutputStream(), b -> b.port(taken.getLocalPort())));
            assertEquals("port-unavailable", e.code());
            assertTrue(e.getMessage().contains("choose another port with --port or VOYAGER_PORT"), e.getMessage());
        }
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (VoyagerServer server = TestServers.start(data(), console, b -> b)) {
            assertTrue(server.port() > 0, "the lock and the database were released by the failed start");
            // The failed first start kept no token hash, so this one generates a token and shows it.
            assertTrue(TOKEN_LINE.matcher(console.toString(StandardCharsets.UTF_8)).find(), console.toString());
        }
    }

    @Test
    void anUnreachableBucketStopsTheStartAndReleasesEverything() throws Exception {
        URI endpoint = URI.create("http://127.0.0.1:" + TestServers.freePort());
        VoyagerException e = assertThrows(VoyagerException.class, () -> TestServers.start(data(),
                new ByteArrayOutputStream(), b -> b.storage(ServerConfig.StorageType.S3).s3(s -> s
                        .withBucket("firmware").withEndpoint(endpoint).withRegion("us-east-1").withPathStyle(true)
                        .withAccessKeyId("id").withSecretAccessKey("secret"))));
        assertEquals("storage-unreachable", e.code());
        assertTrue(e.getMessage().startsWith("cannot use s3://firmware/ at " + endpoint), e.getMessage());
        try (VoyagerServer server = TestServers.start(data())) {
            assertTrue(server.port() > 0, "the failed start released the lock");
        }
    }

    @Test
    void anUnreachableBrokerStopsTheStartAndReleasesEverything() throws Exception {
        URI broker = URI.create("tcp://127.0.0.1:" + TestServers.freePort());
        VoyagerException e = assertThrows(VoyagerException.class, () -> TestServers.start(data(),
                new ByteArrayOutputStream(), b -> b.mqtt(m -> m.withUrl(broker))));
        assertEquals("mqtt-unreachable", e.code());
        assertTrue(e.getMessage().startsWith("cannot connect to the MQTT broker at " + broker), e.getMessage());
        try (VoyagerServer server = TestServers.start(data())) {
            assertTrue(server.port() > 0, "the failed start released the lock and the database");
        }
    }

    @Test
    void unauthenticatedChecksAreOnlyAnsweredWhenAllowed() throws Exception {
        try (VoyagerServer server = TestServers.start(data(), new ByteArrayOutputStream(),
                b -> b.allowUnauthenticatedChecks(true).basePath("/ota"))) {
            TestServers.createProduct(server.voyager());
            TestServers.release(server.voyager(), "1.0.0", TestServers.image("1.0.0", 16 * 1024));
            HttpResponse<String> check = TestServers.get(server.url().resolve("/ota/devices/dev-1/update"
                    + "?product=locker&model=locker-s3&version=0.9.0"));
            assertEquals(200, check.statusCode(), check.body());
            assertTrue(check.body().contains("\"url\":\"/ota/artifacts/"), check.body());
        }
    }
}
