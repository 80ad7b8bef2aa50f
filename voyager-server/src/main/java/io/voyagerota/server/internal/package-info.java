/**
 * The server's and the CLI's helpers. Not API: may change in any release.
 */
@NullMarked
package io.voyagerota.server.internal;

import org.jspecify.annotations.NullMarked;
