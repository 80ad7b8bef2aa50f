/**
 * Artifact storage on S3 and S3-compatible stores: multipart uploads, presigned download links.
 */
package io.voyagerota.storage.s3;
