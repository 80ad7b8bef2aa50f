package io.voyagerota.server.cluster;

import io.voyagerota.VoyagerException;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseSignature;
import io.voyagerota.server.ServerConfig;
import io.voyagerota.server.TestBucketStore;
import io.voyagerota.server.TestServers;
import io.voyagerota.server.VoyagerServer;
import io.voyagerota.signing.VerifyingKey;
import io.voyagerota.testing.TestJson;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two {@code voyager serve} nodes on one PostgreSQL database and one bucket, each with its own data directory, the
 * same link key, offer key and admin token: one device that talks to them alternately sees one server.
 */
class TwoNodeServeTest {
    private static final String TOKEN = "two-node-test-admin-token-0123456789abcdef";
    /** How long a catalog change on one node may take to be in force on the other. */
    private static final long PROPAGATION_MS = 2_000;
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static EmbeddedPostgres postgres;
    private static TestBucketStore bucketStore;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startBackends() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
        bucketStore = TestBucketStore.start();
    }

    @AfterAll
    static void stopBackends() throws Exception {
        bucketStore.close();
        postgres.close();
    }

    /** A new database and bucket, and the settings that point a node at them. */
    private ServerConfig.Builder cluster(ServerConfig.Builder b, String name) {
        return b.adminToken(Optional.of(TOKEN)).database(d -> d.withUrl(postgres.getJdbcUrl("postgres", name))
                        .withUsername("postgres").withPoolSize(4))
                .storage(ServerConfig.StorageType.S3)
                .s3(s -> s.withBucket(name).withPrefix("ota/").withEndpoint(bucketStore.endpoint()).withRegion("us-east-1")
                        .withPathStyle(true).withAccessKeyId(TestBucketStore.KEY).withSecretAccessKey(TestBucketStore.SECRET));
    }

    private static String newDatabaseAndBucket() throws Exception {
        String name = "cluster" + NAMES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        bucketStore.createBucket(name);
        return name;
    }

    private VoyagerServer nodeA(String name) throws Exception {
        return TestServers.start(dir.resolve("a"), new ByteArrayOutputStream(), b -> cluster(b, name));
    }

    // Node B reads the secrets node A generated, as an operator copies them to every node.
    private VoyagerServer nodeB(String name) throws Exception {
        return TestServers.start(dir.resolve("b"), new ByteArrayOutputStream(), b -> cluster(b, name)
                .linkKeyFile(Optional.of(dir.resolve("a/secrets/download-link.key")))
                .offerKeyFile(Optional.of(dir.resolve("a/secrets/offer-key.pem"))));
    }

    @Test
    void oneDeviceTalkingToTwoNodesAlternatelySeesOneServer() throws Exception {
        String name = newDatabaseAndBucket();
        try (VoyagerServer a = nodeA(name); VoyagerServer b = nodeB(name)) {
            assertEquals(200, http.send(HttpRequest.newBuilder(b.url().resolve("/readyz")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "B is ready: its database answers");
            TestServers.createProduct(a.voyager());
            TestServers.release(a.voyager(), "1.0.0", TestServers.image("1.0.0", 48 * 1024));
            String secret = (String) admin(b, "POST", "/admin/devices/dev-1/credentials", 201).get("secret");
            VerifyingKey offerKey = a.voyager().offerSigner().verifyingKey();
            assertEquals(offerKey.keyId(), b.voyager().offerSigner().keyId(), "one offer key");

            // A credential issued on B is accepted by A once A has read the directory's change.
            HttpResponse<byte[]> fromA = awaitOffer(a, secret, "0.1.0", "1.0.0", 10_000);
            long sequenceA = sequence(fromA);
            assertSigned(offerKey, fromA);
            HttpResponse<byte[]> fromB = awaitOffer(b, secret, "0.1.0", "1.0.0", PROPAGATION_MS);
            assertSigned(offerKey, fromB);
            assertTrue(sequence(fromB) >= sequenceA, "B's offer is not older than A's: no replay refusal");

            // The link A issued downloads through B, and B's through A.
            String linkFromA = (String) TestJson.object(body(fromA)).get("url");
            String linkFromB = (String) TestJson.object(body(fromB)).get("url");
            String sha256 = (String) TestJson.object(body(fromA)).get("sha256");
            assertEquals(sha256, download(b, linkFromA));
            assertEquals(sha256, download(a, linkFromB));

            // A report made to B counts once, whichever node gets its retry.
            String report = "{\"reportId\":\"dev-1-1.1-a\",\"product\":\"" + TestServers.PRODUCT + "\","
                    + "\"fromVersion\":\"0.1.0\",\"toVersion\":\"1.0.0\",\"runningVersion\":\"1.0.0\","
                    + "\"status\":\"SUCCESS\"}";
            assertEquals(202, report(b, secret, report).statusCode());
            assertEquals(200, report(a, secret, report).statusCode(), "the retry on the other node is a duplicate");
            assertEquals(204, check(a, secret, "1.0.0").statusCode(), "up to date on A");
            assertEquals(204, check(b, secret, "1.0.0").statusCode(), "up to date on B");

            // A release promoted on B reaches checks on A; a revocation on A stops offers on B.
            Release next = TestServers.release(b.voyager(), "1.1.0", TestServers.image("1.1.0", 48 * 1024));
            long promoted = System.nanoTime();
            HttpResponse<byte[]> newer = awaitOffer(a, secret, "1.0.0", "1.1.0", PROPAGATION_MS);
            long seenOnA = (System.nanoTime() - promoted) / 1_000_000;
            assertTrue(sequence(newer) > sequenceA, "a later catalog, a higher sequence");
            awaitOffer(b, secret, "1.0.0", "1.1.0", PROPAGATION_MS);
            a.voyager().releases().revoke(next.id(), "bad sensor driver");
            long revoked = System.nanoTime();
            awaitNoOffer(b, secret, "1.0.0", PROPAGATION_MS);
            long stoppedOnB = (System.nanoTime() - revoked) / 1_000_000;
            System.out.printf("cluster: promotion on B seen on A after %d ms, revocation on A in force on B after"
                    + " %d ms%n", seenOnA, stoppedOnB);
        }

        // B restarts; its offers do not go back behind what A answered before.
        long before;
        try (VoyagerServer a = nodeA(name)) {
            TestServers.release(a.voyager(), "1.2.0", TestServers.image("1.2.0", 48 * 1024));
            String secret = (String) admin(a, "POST", "/admin/devices/dev-1/credentials", 201).get("secret");
            before = sequence(awaitOffer(a, secret, "1.0.0", "1.2.0", 10_000));
            try (VoyagerServer b = nodeB(name)) {
                assertEquals(before, sequence(check(b, secret, "1.0.0")), "the same catalog, the same sequence");
            }
        }
    }

    @Test
    void anUnreachableDatabaseStopsTheStartNamingItButNotThePassword() throws Exception {
        int closed = TestServers.freePort();
        VoyagerException e = assertThrows(VoyagerException.class, () -> TestServers.start(dir.resolve("c"),
                new ByteArrayOutputStream(), b -> b.database(d -> d.withUrl("jdbc:postgresql://127.0.0.1:" + closed
                        + "/voyager").withUsername("voyager").withPassword("db-pass-not-shown")
                        .withConnectionTimeout(Duration.ofSeconds(1)))));
        assertTrue(e.getMessage().startsWith("cannot connect to the database at jdbc:postgresql://127.0.0.1:" + closed
                + "/voyager as voyager: "), e.getMessage());
        assertTrue(e.getMessage().contains("check database.url"), e.getMessage());
        assertFalse(e.getMessage().contains("db-pass-not-shown"), e.getMessage());
    }

    private HttpResponse<byte[]> awaitOffer(VoyagerServer node, String secret, String version, String offered,
                                            long millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000;
        HttpResponse<byte[]> last;
        do {
            last = check(node, secret, version);
            if (last.statusCode() == 200 && offered.equals(TestJson.object(body(last)).get("version"))) {
                return last;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no offer of " + offered + " from " + node.url() + " within " + millis + " ms; last"
                + " answer " + last.statusCode() + " " + body(last));
    }

    private void awaitNoOffer(VoyagerServer node, String secret, String version, long millis) throws Exception {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (check(node, secret, version).statusCode() != 204) {
            assertTrue(System.nanoTime() < deadline, node.url() + " still offers after " + millis + " ms");
            Thread.sleep(20);
        }
    }

    private HttpResponse<byte[]> check(VoyagerServer node, String secret, String version) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(node.apiUrl() + "/devices/dev-1/update?product="
                        + TestServers.PRODUCT + "&model=" + TestServers.MODEL + "&version=" + version
                        + "&nonce=0123456789abcdef0123456789abcdef")).header("Authorization", "Bearer " + secret)
                .build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> report(VoyagerServer node, String secret, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(node.apiUrl() + "/devices/dev-1/reports"))
                .header("Authorization", "Bearer " + secret).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Object> admin(VoyagerServer node, String method, String path, int expected)
            throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(node.apiUrl() + path))
                .header("Authorization", "Bearer " + TOKEN).method(method, HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), method + " " + path + ": " + response.body());
        return TestJson.object(response.body());
    }

    private String download(VoyagerServer node, String link) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(node.url().resolve(link)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), "download of " + link + " from " + node.url());
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(response.body()));
    }

    private static void assertSigned(VerifyingKey key, HttpResponse<byte[]> offer) {
        assertEquals(200, offer.statusCode(), () -> body(offer));
        assertTrue(key.verify(offer.body(), new ReleaseSignature(ReleaseSignature.ECDSA_P256_SHA256,
                offer.headers().firstValue("Voyager-Offer-Signature").orElseThrow())), "signed with the offer key");
        assertTrue(offer.headers().firstValue("Voyager-Offer-Proof").isPresent(), "bound to the check");
    }

    private static long sequence(HttpResponse<byte[]> offer) {
        assertEquals(200, offer.statusCode(), () -> body(offer));
        return ((Number) TestJson.object(body(offer)).get("sequence")).longValue();
    }

    private static String body(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
