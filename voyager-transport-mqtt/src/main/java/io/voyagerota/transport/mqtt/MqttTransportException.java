package io.voyagerota.transport.mqtt;

import io.voyagerota.VoyagerException;

/** The broker could not be reached, refused the server, or did not acknowledge what the server published. */
public final class MqttTransportException extends VoyagerException {
    public MqttTransportException(String message, Throwable cause) {
        super("mqtt-unavailable", message, cause);
    }
}
