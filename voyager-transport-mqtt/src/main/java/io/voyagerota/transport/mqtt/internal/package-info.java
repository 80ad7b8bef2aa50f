/**
 * The MQTT transport's internals: topics, the broker connection for MQTT 5 and 3.1.1, the inbox for device
 * messages and the throttled trigger publisher. Not an API: anything here may change.
 */
@NullMarked
package io.voyagerota.transport.mqtt.internal;

import org.jspecify.annotations.NullMarked;
