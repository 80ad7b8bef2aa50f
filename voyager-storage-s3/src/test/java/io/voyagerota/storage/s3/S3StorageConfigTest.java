package io.voyagerota.storage.s3;

import io.voyagerota.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class S3StorageConfigTest {

    @Test
    void defaultsSuitAwsS3() {
        S3StorageConfig config = S3StorageConfig.of("acme-firmware");
        assertEquals("acme-firmware", config.bucket());
        assertEquals("", config.prefix());
        assertEquals(Optional.empty(), config.endpoint());
        assertEquals(Optional.empty(), config.region());
        assertFalse(config.pathStyleAccess());
        assertEquals(S3StorageConfig.ChecksumMode.WHEN_SUPPORTED, config.checksumMode());
        assertEquals(8 * 1024 * 1024, config.partSize());
        assertEquals(Duration.ofSeconds(300), config.presignLifetime());
        assertTrue(config.conditionalWrites());
        assertEquals(Duration.ofDays(1), config.staleUploadAge());
    }

    @Test
    void aConfigurationSurvivesToBuilderAndBack() {
        S3StorageConfig config = S3StorageConfig.builder("acme-fw").prefix("ota/prod").endpoint(URI.create(
                "http://127.0.0.1:9000")).region("us-east-1").pathStyleAccess(true)
                .checksumMode(S3StorageConfig.ChecksumMode.WHEN_REQUIRED).partSize(16 * 1024 * 1024)
                .presignLifetime(Duration.ofHours(1)).conditionalWrites(false).staleUploadAge(Duration.ofHours(6))
                .build();
        assertEquals(config, config.toBuilder().build());
        assertEquals("ota/prod/", config.prefix());
    }

    @ParameterizedTest
    @ValueSource(strings = {"voyager", "voyager/", "/voyager", "/voyager/"})
    void prefixesAreNormalisedToEndWithASlash(String prefix) {
        assertEquals("voyager/", S3StorageConfig.builder("acme-fw").prefix(prefix).build().prefix());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "Acme", "acme_fw", "-acme", "acme-", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "acme fw", "acme/fw"})
    void badBucketNamesAreRefused(String bucket) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> S3StorageConfig.of(bucket));
        assertTrue(e.getMessage().contains("bucket"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a//b", "a/../b", "./a", "a b", "a\\b"})
    void prefixesThatCouldEscapeOrConfuseAreRefused(String prefix) {
        assertThrows(InvalidInputException.class, () -> S3StorageConfig.builder("acme-fw").prefix(prefix).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"minio:9000", "ftp://minio:9000", "http://minio:9000/?x=1", "http://minio:9000/#f",
            "/relative"})
    void endpointsMustBeHttpBaseUrls(String endpoint) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> S3StorageConfig.builder("acme-fw").endpoint(URI.create(endpoint)).build());
        assertTrue(e.getMessage().contains("endpoint"), e.getMessage());
    }

    @Test
    void partSizeAndLinkLifetimeAreBounded() {
        S3StorageConfig.Builder b = S3StorageConfig.builder("acme-fw");
        assertThrows(InvalidInputException.class, () -> b.partSize(5 * 1024 * 1024 - 1).build());
        assertThrows(InvalidInputException.class, () -> b.partSize(S3StorageConfig.MAX_PART_SIZE + 1).build());
        b.partSize(5 * 1024 * 1024);
        assertThrows(InvalidInputException.class, () -> b.presignLifetime(Duration.ofMillis(999)).build());
        assertThrows(InvalidInputException.class, () -> b.presignLifetime(Duration.ofDays(7).plusSeconds(1))
                .build());
        assertEquals(Duration.ofDays(7), b.presignLifetime(Duration.ofDays(7)).build().presignLifetime());
        assertThrows(InvalidInputException.class, () -> b.region("EU West 1").build());
        b.region("eu-west-1");
        InvalidInputException negative = assertThrows(InvalidInputException.class,
                () -> b.staleUploadAge(Duration.ofSeconds(-1)).build());
        assertTrue(negative.getMessage().contains("staleUploadAge"), negative.getMessage());
        assertEquals(Duration.ZERO, b.staleUploadAge(Duration.ZERO).build().staleUploadAge());
    }

    @Test
    void theBuilderRefusesBlankCredentials() {
        S3StorageBuilder builder = S3ArtifactStorage.builder(S3StorageConfig.of("acme-fw"));
        assertThrows(InvalidInputException.class, () -> builder.staticCredentials(" ", "secret"));
        assertThrows(InvalidInputException.class, () -> builder.timeouts(Duration.ZERO, Duration.ofSeconds(1)));
    }
}
