/**
 * Artifact storage on S3 and S3-compatible stores ({@link io.voyagerota.storage.s3.S3ArtifactStorage}): streaming
 * multipart uploads that stay invisible until complete, create-only writes with {@code If-None-Match}, ranged reads,
 * soft delete through a trash prefix, and presigned download links
 * ({@link io.voyagerota.storage.s3.S3DownloadLinks}).
 */
@NullMarked
package io.voyagerota.storage.s3;

import org.jspecify.annotations.NullMarked;
