/**
 * Micrometer meters for Voyager: {@link io.voyagerota.micrometer.VoyagerMetrics} for the service,
 * {@link io.voyagerota.micrometer.VoyagerHttpMetrics} for the HTTP transport's downloads,
 * {@link io.voyagerota.micrometer.VoyagerMqttMetrics} for the MQTT transport.
 */
package io.voyagerota.micrometer;
