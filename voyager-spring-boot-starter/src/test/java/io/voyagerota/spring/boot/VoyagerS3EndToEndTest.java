package io.voyagerota.spring.boot;

import io.voyagerota.Voyager;
import io.voyagerota.catalog.Chip;
import io.voyagerota.storage.s3.S3ArtifactStorage;
import io.voyagerota.support.Hex;
import io.voyagerota.testing.TestJson;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.testing.images.GeneratedFile;
import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.jdk.JdkHttpServerAdapter;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import javax.sql.DataSource;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The starter with {@code voyager.storage.type=s3} and nothing but properties (endpoint, region, path style, bucket;
 * the credentials from the AWS default chain) against S3Proxy on a loopback port: a firmware image uploaded through
 * the admin API over real HTTP lands in the bucket, and a device's offer link downloads the same bytes.
 */
class VoyagerS3EndToEndTest {
    private static final String ACCESS_KEY = "voyager-starter-test";
    private static final String SECRET_KEY = "voyager-starter-test-secret";
    private static final String ADMIN_TOKEN = "starter-s3-admin-token-0123456789";
    private static final String BUCKET = "firmware";
    private static S3Proxy proxy;
    private static S3Client s3;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startS3() throws Exception {
        proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).stopTimeout(0).build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
        s3 = S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).endpointOverride(endpoint())
                .region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY))).build();
        s3.createBucket(b -> b.bucket(BUCKET));
        // The starter's client finds its credentials the way a deployment's would: the AWS default chain.
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
    }

    @AfterAll
    static void stopS3() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        s3.close();
        proxy.stop();
    }

    private static URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    @Test
    void anImageUploadedThroughTheAdminApiIsInTheBucketAndDownloadsFromTheOfferLink() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VoyagerAutoConfiguration.class))
                .withBean(DataSource.class, VoyagerS3EndToEndTest::database)
                .withPropertyValues("voyager.storage.type=s3", "voyager.storage.s3.bucket=" + BUCKET,
                        "voyager.storage.s3.prefix=ota", "voyager.storage.s3.endpoint=" + endpoint(),
                        "voyager.storage.s3.region=us-east-1", "voyager.storage.s3.path-style=true",
                        "voyager.admin.token-sha256.ops=" + Hex.sha256(ADMIN_TOKEN))
                .run(context -> {
                    assertNull(context.getStartupFailure());
                    assertInstanceOf(S3ArtifactStorage.class, context.getBean(Voyager.class).storage());
                    try (JdkHttpServerAdapter.Running server = JdkHttpServerAdapter.start(
                            context.getBean(VoyagerHttpHandler.class), new InetSocketAddress("127.0.0.1", 0))) {
                        walk(URI.create("http://127.0.0.1:" + server.port()));
                    }
                });
    }

    private void walk(URI root) throws Exception {
        admin(root, "POST", "/v1/admin/products", "{\"id\":\"locker\",\"name\":\"Smart locker\","
                + "\"models\":[{\"name\":\"locker-s3\",\"chip\":\"esp32-s3\"}]}", 201);
        String releaseId = (String) admin(root, "POST", "/v1/admin/products/locker/releases",
                "{\"version\":\"1.1.0\"}", 201).get("id");
        GeneratedFile image = new Esp32ImageBuilder().chip(Chip.ESP32_S3).version("1.1.0").projectName("locker")
                .segments(96 * 1024, 200 * 1024).seed(11).build().file();
        HttpResponse<String> uploaded = http.send(HttpRequest.newBuilder(root.resolve("/v1/admin/releases/"
                        + releaseId + "/artifact")).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(image::open)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, uploaded.statusCode(), uploaded.body());

        List<S3Object> objects = s3.listObjectsV2(b -> b.bucket(BUCKET).prefix("ota/")).contents();
        assertTrue(objects.stream().anyMatch(o -> o.size() == image.size()),
                "the image is an object under the prefix: " + objects);

        admin(root, "POST", "/v1/admin/releases/" + releaseId + "/stage", "", 200);
        admin(root, "POST", "/v1/admin/releases/" + releaseId + "/promote", "{\"target\":{\"type\":\"all\"}}", 200);
        String secret = (String) admin(root, "POST", "/v1/admin/devices/locker-001/credentials", "", 201)
                .get("secret");
        HttpResponse<String> check = http.send(HttpRequest.newBuilder(root.resolve("/v1/devices/locker-001/update"
                        + "?product=locker&model=locker-s3&version=1.0.0")).header("Authorization", "Bearer " + secret)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, check.statusCode(), check.body());
        URI link = root.resolve((String) TestJson.object(check.body()).get("url"));

        HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(link).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertEquals(image.sha256(), Hex.encode(MessageDigest.getInstance("SHA-256").digest(download.body())));
        try (var in = image.open()) {
            assertArrayEquals(in.readAllBytes(), download.body());
        }
    }

    private Map<String, Object> admin(URI root, String method, String path, String body, int expected)
            throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(root.resolve(path))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), method + " " + path + ": " + response.body());
        return TestJson.object(response.body());
    }

    private static DataSource database() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }
}
