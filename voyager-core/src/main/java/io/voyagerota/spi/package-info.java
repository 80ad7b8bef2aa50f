/**
 * What adapters implement: registry, artifact storage, download links, notifier, authenticator, listener.
 */
package io.voyagerota.spi;
