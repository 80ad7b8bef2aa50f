/**
 * Implementation helpers of the S3 storage. Not API: may change in any release.
 */
package io.voyagerota.storage.s3.internal;
