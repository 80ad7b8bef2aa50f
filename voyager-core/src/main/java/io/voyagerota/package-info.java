/**
 * Voyager OTA: the {@link io.voyagerota.Voyager} facade, its configuration and its operations.
 */
package io.voyagerota;
