/**
 * Device reports, device state and sightings.
 */
@NullMarked
package io.voyagerota.device;

import org.jspecify.annotations.NullMarked;
