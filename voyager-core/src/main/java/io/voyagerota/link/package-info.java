/**
 * Download links: HMAC-signed, expiring links to Voyager's own HTTP transport.
 */
package io.voyagerota.link;
