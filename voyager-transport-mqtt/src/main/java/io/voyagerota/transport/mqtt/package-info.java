/**
 * Push triggers, device state and status reports over MQTT.
 */
package io.voyagerota.transport.mqtt;
