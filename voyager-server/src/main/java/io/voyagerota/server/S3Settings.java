package io.voyagerota.server;

import io.voyagerota.InvalidInputException;
import io.voyagerota.storage.s3.S3StorageConfig;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where {@code storage.type=s3} keeps artifacts. Each value is checked when set, by the S3 module's own rules, and
 * an error names its {@code storage.s3.*} key.
 *
 * @param bucket          the bucket (required with {@code storage.type=s3})
 * @param prefix          a folder in the bucket, such as {@code voyager/}; empty for the top level
 * @param endpoint        an S3-compatible store's URL (MinIO, R2, Ceph); empty for AWS
 * @param region          the region; empty for the AWS default chain ({@code AWS_REGION}, profile)
 * @param pathStyle       bucket in the path rather than the host name, as most S3-compatible stores want
 * @param accessKeyId     fixed credentials; empty for the AWS default chain (environment, profile, role)
 * @param secretAccessKey the secret of {@code accessKeyId}
 * @param directDownloads offers send devices straight to the bucket with presigned URLs, instead of through this
 *                        server's own download links
 * @param staleUploadAge  how old an unfinished upload under the prefix must be for the start to abort it
 */
public record S3Settings(Optional<String> bucket, String prefix, Optional<URI> endpoint, Optional<String> region,
                         boolean pathStyle, Optional<String> accessKeyId, Optional<String> secretAccessKey,
                         boolean directDownloads, Duration staleUploadAge) {
    public S3Settings {
        if (bucket == null || prefix == null || endpoint == null || region == null || accessKeyId == null
                || secretAccessKey == null || staleUploadAge == null) {
            throw new InvalidInputException("S3 settings must not be null; use Optional.empty() or \"\"");
        }
    }

    /** Nothing set. */
    public static S3Settings none() {
        return new S3Settings(Optional.empty(), "", Optional.empty(), Optional.empty(), false, Optional.empty(),
                Optional.empty(), false, S3StorageConfig.DEFAULT_STALE_UPLOAD_AGE);
    }

    public S3Settings withBucket(String value) {
        check("storage.s3.bucket", b -> S3StorageConfig.builder(value));
        return new S3Settings(Optional.of(value), prefix, endpoint, region, pathStyle, accessKeyId, secretAccessKey,
                directDownloads, staleUploadAge);
    }

    public S3Settings withPrefix(String value) {
        check("storage.s3.prefix", b -> b.prefix(value));
        return new S3Settings(bucket, value, endpoint, region, pathStyle, accessKeyId, secretAccessKey,
                directDownloads, staleUploadAge);
    }

    public S3Settings withEndpoint(URI value) {
        check("storage.s3.endpoint", b -> b.endpoint(value));
        return new S3Settings(bucket, prefix, Optional.of(value), region, pathStyle, accessKeyId, secretAccessKey,
                directDownloads, staleUploadAge);
    }

    public S3Settings withRegion(String value) {
        check("storage.s3.region", b -> b.region(value));
        return new S3Settings(bucket, prefix, endpoint, Optional.of(value), pathStyle, accessKeyId, secretAccessKey,
                directDownloads, staleUploadAge);
    }

    public S3Settings withPathStyle(boolean value) {
        return new S3Settings(bucket, prefix, endpoint, region, value, accessKeyId, secretAccessKey, directDownloads,
                staleUploadAge);
    }

    public S3Settings withAccessKeyId(String value) {
        return new S3Settings(bucket, prefix, endpoint, region, pathStyle, Optional.of(value), secretAccessKey,
                directDownloads, staleUploadAge);
    }

    public S3Settings withSecretAccessKey(String value) {
        return new S3Settings(bucket, prefix, endpoint, region, pathStyle, accessKeyId, Optional.of(value),
                directDownloads, staleUploadAge);
    }

    public S3Settings withDirectDownloads(boolean value) {
        return new S3Settings(bucket, prefix, endpoint, region, pathStyle, accessKeyId, secretAccessKey, value,
                staleUploadAge);
    }

    public S3Settings withStaleUploadAge(Duration value) {
        check("storage.s3.stale-upload-age", b -> b.staleUploadAge(value));
        return new S3Settings(bucket, prefix, endpoint, region, pathStyle, accessKeyId, secretAccessKey,
                directDownloads, value);
    }

    /** The S3 module's configuration; presigned links live as long as the server's own. */
    public S3StorageConfig toStorageConfig(Duration linkTtl) {
        S3StorageConfig.Builder b = S3StorageConfig.builder(bucket.orElseThrow(() -> new InvalidInputException(
                "storage.type is s3 but storage.s3.bucket is not set"))).prefix(prefix).pathStyleAccess(pathStyle)
                .presignLifetime(linkTtl).staleUploadAge(staleUploadAge);
        endpoint.ifPresent(b::endpoint);
        region.ifPresent(b::region);
        return b.build();
    }

    /** Never shows the secret key. */
    @Override
    public String toString() {
        return "S3Settings[bucket=" + bucket.orElse("(none)") + ", prefix=" + prefix + ", endpoint="
                + endpoint.map(URI::toString).orElse("(AWS)") + ", region=" + region.orElse("(default chain)")
                + ", pathStyle=" + pathStyle + ", accessKeyId=" + accessKeyId.orElse("(default chain)")
                + ", secretAccessKey=" + (secretAccessKey.isPresent() ? "(set)" : "(none)") + ", directDownloads="
                + directDownloads + ", staleUploadAge=" + staleUploadAge + "]";
    }

    /** Runs the S3 module's check of one value on a throwaway configuration, naming the key when it fails. */
    private static void check(String key, UnaryOperator<S3StorageConfig.Builder> set) {
        try {
            set.apply(S3StorageConfig.builder("voyager-check")).build();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(key + ": " + e.getMessage());
        }
    }
}
