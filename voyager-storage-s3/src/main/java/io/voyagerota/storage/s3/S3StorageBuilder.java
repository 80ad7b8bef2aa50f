package io.voyagerota.storage.s3;

import io.voyagerota.InvalidInputException;
import io.voyagerota.support.Checks;
import io.voyagerota.storage.s3.internal.ObjectStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.utils.SdkAutoCloseable;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Builds an {@link S3ArtifactStorage}: the configuration, plus the things that are not configuration (credentials,
 * clock, timeouts). Nothing is sent to the store until the storage is used.
 *
 * <pre>{@code
 * S3ArtifactStorage storage = S3ArtifactStorage.builder(S3StorageConfig.builder("acme-firmware")
 *                 .prefix("voyager/").region("eu-west-1").build())
 *         .build(); // credentials from the standard AWS chain: env, profile, container or instance role
 * }</pre>
 */
public final class S3StorageBuilder {
    private final S3StorageConfig config;
    private Optional<AwsCredentialsProvider> credentials = Optional.empty();
    private InstantSource clock = InstantSource.system();
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration socketTimeout = Duration.ofSeconds(60);
    private long copyPartSize = ObjectStore.MAX_COPY_PART;
    private Optional<S3Client> hostClient = Optional.empty();

    S3StorageBuilder(S3StorageConfig config) {
        this.config = Checks.notNull(config, "config");
    }

    /** Where credentials come from; the AWS default chain (environment, profile, container, instance) if unset. */
    public S3StorageBuilder credentials(AwsCredentialsProvider provider) {
        this.credentials = Optional.of(Checks.notNull(provider, "credentials"));
        return this;
    }

    /** Fixed credentials, typically for an S3-compatible store's access key. */
    public S3StorageBuilder staticCredentials(String accessKeyId, String secretAccessKey) {
        Checks.notNull(accessKeyId, "accessKeyId");
        Checks.notNull(secretAccessKey, "secretAccessKey");
        if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
            throw new InvalidInputException("the access key id and the secret access key must not be blank");
        }
        return credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId,
                secretAccessKey)));
    }

    /** What {@code storedAt} and download link lifetimes are measured with; the system clock by default. */
    public S3StorageBuilder clock(InstantSource value) {
        this.clock = Checks.notNull(value, "clock");
        return this;
    }

    /** How long to wait for a connection (5 s by default) and for data on it (60 s by default). */
    public S3StorageBuilder timeouts(Duration connect, Duration socket) {
        this.connectTimeout = positive(connect, "connect timeout");
        this.socketTimeout = positive(socket, "socket timeout");
        return this;
    }

    /**
     * Uses the host's own client (a Spring bean, say) instead of building one: its region, endpoint, credentials and
     * HTTP client are the host's, and the host keeps owning it ({@code close()} leaves it open). The presigner of
     * direct downloads is still built from the config and {@link #credentials}.
     */
    public S3StorageBuilder client(S3Client value) {
        this.hostClient = Optional.of(Checks.notNull(value, "client"));
        return this;
    }

    /** Bytes per part of a server-side copy; S3's maximum of 5 GiB by default. Smaller only to test copies. */
    S3StorageBuilder copyPartSize(long bytes) {
        this.copyPartSize = Checks.inRange(bytes, S3StorageConfig.MIN_PART_SIZE, ObjectStore.MAX_COPY_PART,
                "copyPartSize");
        return this;
    }

    /**
     * Makes the SDK client and presigner.
     *
     * @throws InvalidInputException if no region is configured and none can be found in the environment
     */
    public S3ArtifactStorage build() {
        Region region = region();
        boolean defaultCredentials = credentials.isEmpty();
        AwsCredentialsProvider provider = credentials.orElseGet(() -> DefaultCredentialsProvider.builder().build());
        boolean whenRequired = config.checksumMode() == S3StorageConfig.ChecksumMode.WHEN_REQUIRED;
        var clientBuilder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(connectTimeout)
                        .socketTimeout(socketTimeout))
                .region(region)
                .credentialsProvider(provider)
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(config.pathStyleAccess())
                        // HttpURLConnection turns a store's early final answer to "Expect: 100-continue" (such as
                        // 412 to a create-only write) into a write error, which the SDK then retries.
                        .expectContinueEnabled(false)
                        .build())
                .requestChecksumCalculation(whenRequired ? RequestChecksumCalculation.WHEN_REQUIRED
                        : RequestChecksumCalculation.WHEN_SUPPORTED)
                .responseChecksumValidation(whenRequired ? ResponseChecksumValidation.WHEN_REQUIRED
                        : ResponseChecksumValidation.WHEN_SUPPORTED);
        var presignerBuilder = S3Presigner.builder()
                .region(region)
                .credentialsProvider(provider)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(config.pathStyleAccess())
                        .build());
        config.endpoint().ifPresent(uri -> {
            clientBuilder.endpointOverride(uri);
            presignerBuilder.endpointOverride(uri);
        });
        S3Client client = hostClient.orElseGet(clientBuilder::build);
        boolean ownsClient = hostClient.isEmpty();
        S3Presigner presigner = presignerBuilder.build();
        AutoCloseable owned = () -> {
            presigner.close();
            if (ownsClient) {
                client.close();
            }
            if (defaultCredentials && provider instanceof SdkAutoCloseable closeable) {
                closeable.close();
            }
        };
        return new S3ArtifactStorage(config, client, presigner, clock, copyPartSize, owned);
    }

    private Region region() {
        if (config.region().isPresent()) {
            return Region.of(config.region().get());
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            if (config.endpoint().isPresent()) {
                return Region.US_EAST_1; // what S3-compatible stores expect when they do not care
            }
            throw new InvalidInputException("no AWS region is configured for bucket " + config.bucket()
                    + ": set S3StorageConfig.region, or AWS_REGION in the environment, or a region in the AWS"
                    + " profile");
        }
    }

    private static Duration positive(Duration d, String field) {
        Checks.notNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new InvalidInputException(field + " is " + d + " but must be positive");
        }
        return d;
    }
}
