/**
 * Implementation helpers. Not API: may change in any release.
 */
@NullMarked
package io.voyagerota.internal;

import org.jspecify.annotations.NullMarked;
