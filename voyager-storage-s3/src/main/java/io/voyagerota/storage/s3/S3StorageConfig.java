package io.voyagerota.storage.s3;

import io.voyagerota.InvalidInputException;
import io.voyagerota.support.Checks;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where and how {@link S3ArtifactStorage} keeps artifacts. Start from {@link #builder(String)}; every setting but the
 * bucket has a default, and every value is validated when the record is made.
 *
 * @param bucket            the bucket; it must exist (the storage never creates or configures buckets)
 * @param prefix            a folder inside the bucket for everything this storage writes, such as {@code voyager/};
 *                          empty for the bucket's top level. Normalised to end with {@code /}.
 * @param endpoint          where to send requests instead of AWS, for S3-compatible stores (MinIO, R2, Ceph…)
 * @param region            the signing region; empty takes it from the standard AWS region provider chain
 *                          ({@code AWS_REGION}, the profile, instance metadata)
 * @param pathStyleAccess   address the bucket as {@code endpoint/bucket/key} rather than {@code bucket.endpoint/key};
 *                          most self-hosted S3-compatible stores need it
 * @param checksumMode      when the SDK adds CRC checksums to requests and checks them in responses
 * @param partSize          bytes per multipart part, and the largest artifact stored with one PutObject; this much
 *                          memory is held per concurrent upload at most
 * @param presignLifetime   the longest a presigned download link may live
 * @param conditionalWrites whether the store honours {@code If-None-Match: *} (AWS S3 since 2024, S3Proxy, MinIO,
 *                          R2); turn it off only for a store that does not, and then run a single writing node
 * @param staleUploadAge    how old a multipart upload or staged object under the prefix must be before
 *                          {@link S3ArtifactStorage#abortStaleUploads()} takes it for the leftover of a process that
 *                          died mid-upload; longer than any upload takes, since other nodes may be uploading. Zero
 *                          takes everything, which only a single writing node may do
 */
public record S3StorageConfig(String bucket, String prefix, Optional<URI> endpoint, Optional<String> region,
                              boolean pathStyleAccess, ChecksumMode checksumMode, int partSize,
                              Duration presignLifetime, boolean conditionalWrites, Duration staleUploadAge) {
    /** S3's smallest part (all parts but the last must be at least this large). */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;
    /** The part buffer lives on the heap, once per upload in flight: keep it well below the heap. */
    public static final int MAX_PART_SIZE = 1024 * 1024 * 1024;
    public static final Duration DEFAULT_PRESIGN_LIFETIME = Duration.ofMinutes(5);
    /** The longest lifetime SigV4 allows a presigned URL. */
    public static final Duration MAX_PRESIGN_LIFETIME = Duration.ofDays(7);
    public static final Duration DEFAULT_STALE_UPLOAD_AGE = Duration.ofDays(1);

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern PREFIX = Pattern.compile("([A-Za-z0-9_-][A-Za-z0-9._-]{0,127}/){0,8}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /** When request checksums are computed and response checksums validated. */
    public enum ChecksumMode {
        /** On every request that supports one: the AWS default, and right for AWS S3. */
        WHEN_SUPPORTED,
        /** Only where the operation requires one: for S3-compatible stores that reject or mangle CRC trailers. */
        WHEN_REQUIRED
    }

    public S3StorageConfig {
        Checks.matches(bucket, BUCKET, "bucket", "3 to 63 lowercase letters, digits, '.' and '-', starting and"
                + " ending with a letter or digit");
        Checks.notNull(prefix, "prefix");
        prefix = normalisePrefix(prefix);
        Checks.matches(prefix, PREFIX, "prefix", "empty, or up to 8 folder names of letters, digits, '.', '_'"
                + " and '-' separated by '/', such as voyager/ or ota/prod/");
        Checks.notNull(endpoint, "endpoint");
        endpoint.ifPresent(S3StorageConfig::checkEndpoint);
        Checks.notNull(region, "region");
        region.ifPresent(r -> Checks.matches(r, REGION, "region", "an AWS region name such as eu-west-1"
                + " (S3-compatible stores usually accept us-east-1)"));
        Checks.notNull(checksumMode, "checksumMode");
        Checks.inRange(partSize, MIN_PART_SIZE, MAX_PART_SIZE, "partSize");
        Checks.notNull(presignLifetime, "presignLifetime");
        if (presignLifetime.toSeconds() < 1 || presignLifetime.compareTo(MAX_PRESIGN_LIFETIME) > 0) {
            throw new InvalidInputException("presignLifetime is " + presignLifetime + " but must be between one"
                    + " second and " + MAX_PRESIGN_LIFETIME + " (the SigV4 limit)");
        }
        Checks.notNull(staleUploadAge, "staleUploadAge");
        if (staleUploadAge.isNegative()) {
            throw new InvalidInputException("staleUploadAge is " + staleUploadAge + " but must not be negative;"
                    + " give the age after which an unfinished upload is abandoned, such as PT24H");
        }
    }

    /**
     * The defaults for {@code bucket}: top level, AWS endpoint and region chain, 8 MiB parts, 5-minute links, uploads
     * abandoned after a day.
     */
    public static S3StorageConfig of(String bucket) {
        return builder(bucket).build();
    }

    public static Builder builder(String bucket) {
        return new Builder(bucket);
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder(bucket).prefix(prefix).pathStyleAccess(pathStyleAccess).checksumMode(checksumMode)
                .partSize(partSize).presignLifetime(presignLifetime).conditionalWrites(conditionalWrites)
                .staleUploadAge(staleUploadAge);
        endpoint.ifPresent(b::endpoint);
        region.ifPresent(b::region);
        return b;
    }

    private static String normalisePrefix(String prefix) {
        String p = prefix;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p.isEmpty() || p.endsWith("/") ? p : p + "/";
    }

    private static void checkEndpoint(URI uri) {
        String scheme = uri.getScheme();
        if (!uri.isAbsolute() || uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidInputException("endpoint \"" + Checks.printable(uri.toString()) + "\" is not valid:"
                    + " give the store's base URL, such as https://minio.example.com:9000, without a bucket, query"
                    + " or fragment");
        }
    }

    /** Settings of an {@link S3StorageConfig}; only the bucket is required. */
    public static final class Builder {
        private final String bucket;
        private String prefix = "";
        private Optional<URI> endpoint = Optional.empty();
        private Optional<String> region = Optional.empty();
        private boolean pathStyleAccess;
        private ChecksumMode checksumMode = ChecksumMode.WHEN_SUPPORTED;
        private int partSize = DEFAULT_PART_SIZE;
        private Duration presignLifetime = DEFAULT_PRESIGN_LIFETIME;
        private boolean conditionalWrites = true;
        private Duration staleUploadAge = DEFAULT_STALE_UPLOAD_AGE;

        private Builder(String bucket) {
            this.bucket = bucket;
        }

        public Builder prefix(String value) {
            this.prefix = value;
            return this;
        }

        public Builder endpoint(URI value) {
            this.endpoint = Optional.of(Checks.notNull(value, "endpoint"));
            return this;
        }

        public Builder region(String value) {
            this.region = Optional.of(Checks.notNull(value, "region"));
            return this;
        }

        public Builder pathStyleAccess(boolean value) {
            this.pathStyleAccess = value;
            return this;
        }

        public Builder checksumMode(ChecksumMode value) {
            this.checksumMode = value;
            return this;
        }

        public Builder partSize(int bytes) {
            this.partSize = bytes;
            return this;
        }

        public Builder presignLifetime(Duration value) {
            this.presignLifetime = value;
            return this;
        }

        public Builder conditionalWrites(boolean value) {
            this.conditionalWrites = value;
            return this;
        }

        public Builder staleUploadAge(Duration value) {
            this.staleUploadAge = value;
            return this;
        }

        public S3StorageConfig build() {
            return new S3StorageConfig(bucket, prefix, endpoint, region, pathStyleAccess, checksumMode, partSize,
                    presignLifetime, conditionalWrites, staleUploadAge);
        }
    }
}
