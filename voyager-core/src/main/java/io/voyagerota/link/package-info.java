/**
 * Download links: HMAC-signed, expiring links to Voyager's own HTTP transport.
 */
@NullMarked
package io.voyagerota.link;

import org.jspecify.annotations.NullMarked;
