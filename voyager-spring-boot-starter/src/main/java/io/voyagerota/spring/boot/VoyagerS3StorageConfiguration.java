package io.voyagerota.spring.boot;

import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.InvalidInputException;
import io.voyagerota.storage.s3.S3ArtifactStorage;
import io.voyagerota.storage.s3.S3StorageBuilder;
import io.voyagerota.storage.s3.S3StorageConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;

/**
 * Artifacts in S3 when {@code voyager.storage.type=s3}: through the application's {@link S3Client} bean if it has
 * one (which it keeps owning), else a client built from {@code voyager.storage.s3.*} and the AWS default chain.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.voyagerota.storage.s3.S3ArtifactStorage")
@ConditionalOnProperty(prefix = "voyager.storage", name = "type", havingValue = "s3")
public class VoyagerS3StorageConfiguration {
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(ArtifactStorage.class)
    public S3ArtifactStorage voyagerArtifactStorage(VoyagerProperties properties, ObjectProvider<S3Client> client) {
        S3StorageBuilder builder = S3ArtifactStorage.builder(config(properties.getStorage().getS3()));
        client.ifAvailable(builder::client);
        return builder.build();
    }

    /** The S3 configuration of {@code voyager.storage.s3.*}. */
    static S3StorageConfig config(VoyagerProperties.S3 s3) {
        if (s3.getBucket().isBlank()) {
            throw new InvalidInputException("voyager.storage.type is s3 but voyager.storage.s3.bucket is not set;"
                    + " name the bucket");
        }
        S3StorageConfig.Builder b = S3StorageConfig.builder(s3.getBucket().strip()).pathStyleAccess(s3.isPathStyle());
        if (!s3.getPrefix().isBlank()) {
            b.prefix(s3.getPrefix().strip());
        }
        if (!s3.getEndpoint().isBlank()) {
            b.endpoint(URI.create(s3.getEndpoint().strip()));
        }
        if (!s3.getRegion().isBlank()) {
            b.region(s3.getRegion().strip());
        }
        return b.build();
    }

}
