/**
 * Events and alerts published to a VoyagerListener.
 */
@NullMarked
package io.voyagerota.event;

import org.jspecify.annotations.NullMarked;
