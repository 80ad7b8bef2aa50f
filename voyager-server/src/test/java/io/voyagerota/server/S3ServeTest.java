package io.voyagerota.server;

import io.voyagerota.decision.Offer;
import io.voyagerota.auth.Secrets;
import io.voyagerota.server.e2e.NewcomerScenario;
import io.voyagerota.spi.ArtifactKey;
import org.gaul.s3proxy.S3Proxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code serve} with {@code storage.type=s3}, on S3Proxy: a real S3 endpoint inside the test JVM. */
class S3ServeTest {
    private static final String KEY = TestBucketStore.KEY;
    private static final String SECRET = TestBucketStore.SECRET;
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private static TestBucketStore store;
    private static URI endpoint;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3() throws Exception {
        store = TestBucketStore.start();
        endpoint = store.endpoint();
    }

    @AfterAll
    static void stopS3() throws Exception {
        store.close();
    }

    private static String newBucket() {
        return store.createBucket("serve-" + BUCKETS.incrementAndGet());
    }

    private static S3Client client() {
        return store.client();
    }

    private VoyagerServer start(String bucket, UnaryOperator<S3Settings> more) throws Exception {
        return start(bucket, more, Optional.empty());
    }

    private VoyagerServer start(String bucket, UnaryOperator<S3Settings> more, Optional<String> adminToken)
            throws Exception {
        return TestServers.start(dir.resolve("data"), new ByteArrayOutputStream(), b -> b.adminToken(adminToken)
                .storage(ServerConfig.StorageType.S3)
                .s3(s -> more.apply(s.withBucket(bucket).withPrefix("ota/").withEndpoint(endpoint)
                        .withRegion("us-east-1").withPathStyle(true).withAccessKeyId(KEY).withSecretAccessKey(SECRET))));
    }

    private static HttpResponse<byte[]> download(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void releasesLiveInTheBucketAndDownloadThroughTheServer() throws Exception {
        String bucket = newBucket();
        try (VoyagerServer server = start(bucket, s -> s)) {
            TestServers.createProduct(server.voyager());
            TestServers.release(server.voyager(), "1.0.0", TestServers.image("1.0.0", 96 * 1024));
            Offer offer = TestServers.offer(server.voyager(), "dev-s3");
            assertTrue(offer.downloadUrl().startsWith("/v1/artifacts/"), offer.downloadUrl());
            HttpResponse<byte[]> body = download(server.url().resolve(offer.downloadUrl()));
            assertEquals(200, body.statusCode());
            assertEquals(offer.sha256(), sha256(body.body()));
        }
        // A restart on the same bucket finds the release and its artifact again.
        try (VoyagerServer server = start(bucket, s -> s)) {
            Offer offer = TestServers.offer(server.voyager(), "dev-s3");
            assertEquals(offer.sha256(), sha256(download(server.url().resolve(offer.downloadUrl())).body()));
        }
    }

    @Test
    void theNewcomersWalkRunsOnS3Storage() throws Exception {
        String token = Secrets.newToken();
        try (VoyagerServer server = start(newBucket(), s -> s, Optional.of(token))) {
            new NewcomerScenario(server.url(), token).run();
        }
    }

    @Test
    void directDownloadsSendDevicesToTheBucket() throws Exception {
        try (VoyagerServer server = start(newBucket(), s -> s.withDirectDownloads(true))) {
            TestServers.createProduct(server.voyager());
            TestServers.release(server.voyager(), "1.0.0", TestServers.image("1.0.0", 64 * 1024));
            Offer offer = TestServers.offer(server.voyager(), "dev-s3");
            assertTrue(offer.downloadUrl().startsWith(endpoint + "/"), offer.downloadUrl());
            HttpResponse<byte[]> body = download(URI.create(offer.downloadUrl()));
            assertEquals(200, body.statusCode());
            assertEquals(offer.sha256(), sha256(body.body()));
        }
    }

    /**
     * Security suite row 14 at the server's start: the multipart uploads a killed process left under the server's
     * prefix are aborted once older than storage.s3.stale-upload-age (zero here, so at once), younger ones are kept
     * at the default age, and another prefix's upload is never touched.
     */
    @Test
    @Tag("security")
    void theStartAbortsStaleUploadsUnderItsPrefixOnly() throws Exception {
        String bucket = newBucket();
        try (S3Client s3 = client()) {
            s3.createMultipartUpload(b -> b.bucket(bucket).key("ota/uploads/left-by-a-kill"));
            String foreign = s3.createMultipartUpload(b -> b.bucket(bucket).key("other/uploads/x")).uploadId();
            try (VoyagerServer server = start(bucket, s -> s)) {
                assertEquals(2, s3.listMultipartUploads(b -> b.bucket(bucket)).uploads().size(),
                        "a day has not passed: another node's upload may be in flight");
            }
            try (VoyagerServer server = start(bucket, s -> s.withStaleUploadAge(Duration.ZERO))) {
                assertEquals(List.of(foreign), s3.listMultipartUploads(b -> b.bucket(bucket)).uploads().stream()
                        .map(u -> u.uploadId()).toList(), "only the other prefix's upload is left");
                assertTrue(server.voyager().storage().stat(ArtifactKey.of("left-by-a-kill"))
                        .isEmpty());
            }
        }
    }
}
