/**
 * Voyager OTA: the {@link io.voyagerota.Voyager} facade, its configuration and its operations.
 */
@NullMarked
package io.voyagerota;

import org.jspecify.annotations.NullMarked;
