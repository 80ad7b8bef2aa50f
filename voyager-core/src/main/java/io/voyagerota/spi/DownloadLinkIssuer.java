package io.voyagerota.spi;

import java.time.Instant;

/**
 * Turns an artifact into a download location a device can fetch until it expires: an HMAC-signed link to
 * Voyager's own HTTP transport, a presigned S3 URL, a CDN URL. A link must not be alterable to reach another
 * artifact or to live longer.
 */
@FunctionalInterface
public interface DownloadLinkIssuer {
    String link(ArtifactKey key, Instant expiresAt);
}
