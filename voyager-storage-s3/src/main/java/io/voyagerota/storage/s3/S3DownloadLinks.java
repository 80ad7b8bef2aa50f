package io.voyagerota.storage.s3;

import io.voyagerota.InvalidInputException;
import io.voyagerota.support.Checks;
import io.voyagerota.spi.ArtifactKey;
import io.voyagerota.spi.DownloadLinkIssuer;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Function;

/**
 * Download links that send devices straight to the bucket: SigV4 presigned GET URLs of live artifacts. The
 * signature covers the bucket, the key and the expiry, so a link cannot be bent to another artifact or to live
 * longer; the store answers 403 to one that was. Ranged GETs work on them, so devices can resume.
 *
 * <p>Get one from {@link S3ArtifactStorage#downloadLinks()} and hand it to {@code Voyager.builder().downloadLinks(…)}.
 * A link lives until the {@code expiresAt} Voyager asks for, which must be at most {@link #maxLifetime()} away (the
 * configuration's {@code presignLifetime}): keep Voyager's {@code linkTtl} within it. A link also stops working when
 * the credentials that signed it expire, so temporary credentials must outlive the links.
 */
public final class S3DownloadLinks implements DownloadLinkIssuer {
    private final S3Presigner presigner;
    private final String bucket;
    private final Function<ArtifactKey, String> objectName;
    private final Duration maxLifetime;
    private final InstantSource clock;

    S3DownloadLinks(S3Presigner presigner, String bucket, Function<ArtifactKey, String> objectName,
                    Duration maxLifetime, InstantSource clock) {
        this.presigner = presigner;
        this.bucket = bucket;
        this.objectName = objectName;
        this.maxLifetime = maxLifetime;
        this.clock = clock;
    }

    /** The longest a link may live. */
    public Duration maxLifetime() {
        return maxLifetime;
    }

    /**
     * A presigned URL for {@code key} that expires at {@code expiresAt}, to the second (rounded down).
     *
     * @throws InvalidInputException if {@code expiresAt} is less than a second away, or further than
     *                               {@link #maxLifetime()}
     */
    @Override
    public String link(ArtifactKey key, Instant expiresAt) {
        Checks.notNull(key, "key");
        Checks.notNull(expiresAt, "expiresAt");
        Instant now = clock.instant();
        long seconds = Duration.between(now, expiresAt).toSeconds();
        if (seconds < 1) {
            throw new InvalidInputException("a download link for " + key + " cannot expire at " + expiresAt
                    + ": that is less than a second after now (" + now + ")");
        }
        if (seconds > maxLifetime.toSeconds()) {
            throw new InvalidInputException("a download link for " + key + " cannot live until " + expiresAt
                    + ": that is " + Duration.ofSeconds(seconds) + " away, longer than the presignLifetime of "
                    + maxLifetime + "; raise presignLifetime or lower Voyager's linkTtl");
        }
        // The disposition names the file as the key does, without the storage's "@": for people, not devices.
        String fileName = key.value().substring(key.value().lastIndexOf('/') + 1);
        return presigner.presignGetObject(p -> p.signatureDuration(Duration.ofSeconds(seconds))
                .getObjectRequest(g -> g.bucket(bucket).key(objectName.apply(key))
                        .responseContentDisposition("attachment; filename=\"" + fileName + "\"")))
                .url().toString();
    }
}
