/**
 * Micrometer meters for Voyager: {@link io.voyagerota.micrometer.VoyagerMetrics} for the service,
 * {@link io.voyagerota.micrometer.VoyagerHttpMetrics} for the HTTP transport's downloads,
 * {@link io.voyagerota.micrometer.VoyagerMqttMetrics} for the MQTT transport.
 */
@NullMarked
package io.voyagerota.micrometer;

import org.jspecify.annotations.NullMarked;
