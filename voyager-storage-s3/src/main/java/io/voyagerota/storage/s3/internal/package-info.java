/**
 * Implementation helpers of the S3 storage. Not API: may change in any release.
 */
@NullMarked
package io.voyagerota.storage.s3.internal;

import org.jspecify.annotations.NullMarked;
