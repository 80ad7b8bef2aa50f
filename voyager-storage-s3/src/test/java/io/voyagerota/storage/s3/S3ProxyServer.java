package io.voyagerota.storage.s3;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One S3Proxy per test JVM, on an in-memory blob store and a free loopback port, with SigV4 authentication: a real
 * S3 protocol endpoint without Docker. Started on first use and shared by every test class; each test gets a bucket
 * of its own.
 */
final class S3ProxyServer {
    static final String ACCESS_KEY = "voyager-test";
    static final String SECRET_KEY = "voyager-test-secret-key";
    private static S3ProxyServer shared;

    private final URI endpoint;
    private final S3Client client;
    private final AtomicInteger buckets = new AtomicInteger();

    private S3ProxyServer(URI endpoint) {
        this.endpoint = endpoint;
        this.client = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .build();
    }

    static synchronized S3ProxyServer shared() throws Exception {
        if (shared == null) {
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(new TransientNio2BlobStore())
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .stopTimeout(0)
                    .build();
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.sleep(10);
            }
            shared = new S3ProxyServer(URI.create("http://127.0.0.1:" + proxy.getPort()));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    proxy.stop();
                } catch (Exception ignored) {
                    // the JVM is going away
                }
            }));
        }
        return shared;
    }

    URI endpoint() {
        return endpoint;
    }

    /** A client of its own for looking behind the storage's back. */
    S3Client client() {
        return client;
    }

    /** A new, empty bucket. */
    String newBucket() {
        String name = "test-" + buckets.incrementAndGet();
        client.createBucket(b -> b.bucket(name));
        return name;
    }

    /** A configuration for a new bucket on this server; tests adjust it. */
    S3StorageConfig.Builder config() {
        return S3StorageConfig.builder(newBucket())
                .endpoint(endpoint)
                .region("us-east-1")
                .pathStyleAccess(true);
    }

    S3ArtifactStorage storage(S3StorageConfig config) {
        return S3ArtifactStorage.builder(config).staticCredentials(ACCESS_KEY, SECRET_KEY).build();
    }
}
