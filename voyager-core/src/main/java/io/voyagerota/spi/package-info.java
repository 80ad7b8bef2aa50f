/**
 * What adapters implement: registry, artifact storage, download links, notifier, authenticator, listener.
 */
@NullMarked
package io.voyagerota.spi;

import org.jspecify.annotations.NullMarked;
