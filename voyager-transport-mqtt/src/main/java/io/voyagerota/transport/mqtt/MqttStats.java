package io.voyagerota.transport.mqtt;

/**
 * What the transport has done since it started, for monitoring.
 *
 * @param received        device messages that arrived on this node
 * @param handled         of those, status reports recorded (or found to be duplicates) and states applied
 * @param dropped         of those, messages refused as malformed or inconsistent (each logged in one line)
 * @param failed          of those, messages the server failed on (logged with the cause)
 * @param triggersSent    offers published to devices' trigger topics
 * @param triggersCleared trigger topics cleared because nothing is pending any more
 */
public record MqttStats(long received, long handled, long dropped, long failed, long triggersSent,
                        long triggersCleared) {
}
