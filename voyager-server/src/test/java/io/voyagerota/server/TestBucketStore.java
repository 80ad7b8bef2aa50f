package io.voyagerota.server;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;

/** S3Proxy in the test JVM: a real S3 endpoint with one access key, for servers on {@code storage.type=s3}. */
public final class TestBucketStore implements AutoCloseable {
    public static final String KEY = "voyager-test";
    public static final String SECRET = "voyager-test-secret-key";

    private final S3Proxy proxy;
    private final URI endpoint;

    private TestBucketStore(S3Proxy proxy, URI endpoint) {
        this.proxy = proxy;
        this.endpoint = endpoint;
    }

    public static TestBucketStore start() throws Exception {
        S3Proxy proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY, SECRET).stopTimeout(0).build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
        return new TestBucketStore(proxy, URI.create("http://127.0.0.1:" + proxy.getPort()));
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client of this store; the caller closes it. */
    public S3Client client() {
        return S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
                .build();
    }

    /** Creates {@code bucket} and returns its name. */
    public String createBucket(String bucket) {
        try (S3Client client = client()) {
            client.createBucket(b -> b.bucket(bucket));
        }
        return bucket;
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
