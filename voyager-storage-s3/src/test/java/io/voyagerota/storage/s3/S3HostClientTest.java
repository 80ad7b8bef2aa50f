package io.voyagerota.storage.s3;

import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.StoredArtifact;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Storage on the host's own S3 client: it works through that client, and closing the storage leaves it open. */
class S3HostClientTest {
    @Test
    void theStorageUsesTheHostsClientAndLeavesItOpen() throws Exception {
        S3ProxyServer server = S3ProxyServer.shared();
        S3StorageConfig config = server.config().build();
        byte[] content = "firmware through the host's client".getBytes(StandardCharsets.UTF_8);
        try (S3Client host = S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY))).build()) {
            try (S3ArtifactStorage storage = S3ArtifactStorage.builder(config).client(host)
                    .staticCredentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build()) {
                StoredArtifact stored = storage.put(ArtifactKey.of("host/one.bin"), new ByteArrayInputStream(content),
                        1024);
                assertEquals(content.length, stored.size());
            }
            // Closed storage, open client: the host reads what the storage wrote, and writes on.
            host.putObject(b -> b.bucket(config.bucket()).key("after-close"), RequestBody.fromString("x"));
            try (S3ArtifactStorage again = S3ArtifactStorage.builder(config).client(host)
                    .staticCredentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
                 InputStream in = again.open(ArtifactKey.of("host/one.bin"), 0, content.length)) {
                assertEquals(new String(content, StandardCharsets.UTF_8),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
    }
}
