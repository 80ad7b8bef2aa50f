/**
 * Device reports, device state and sightings.
 */
package io.voyagerota.device;
