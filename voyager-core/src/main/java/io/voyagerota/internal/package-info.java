/**
 * Implementation helpers. Not API: may change in any release.
 */
package io.voyagerota.internal;
