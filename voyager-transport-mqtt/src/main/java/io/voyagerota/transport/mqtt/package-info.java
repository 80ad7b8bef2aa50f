/**
 * Push triggers, device state and status reports over MQTT.
 */
@NullMarked
package io.voyagerota.transport.mqtt;

import org.jspecify.annotations.NullMarked;
