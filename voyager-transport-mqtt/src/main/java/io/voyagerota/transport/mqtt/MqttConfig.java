package io.voyagerota.transport.mqtt;

import io.voyagerota.InvalidInputException;
import io.voyagerota.transport.mqtt.internal.Topics;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How the server side of the MQTT transport connects and what it publishes. Start from {@link #of(String)} and
 * change what you need with the {@code with…} methods; every value is validated when set.
 *
 * @param server            the broker: {@code tcp://host:1883} ({@code mqtt://} is the same), or {@code ssl://} /
 *                          {@code mqtts://} for TLS (port 8883 when left out)
 * @param clientId          this server node's MQTT client id; unique per node (a random one by default)
 * @param credentials       the user name and password of the server at the broker, if it asks for them
 * @param tls               whether to connect with TLS, verified against the JDK's trusted certificates
 * @param topic             the trigger topic of one device, with {@code {id}} as one whole level
 *                          ({@code devices/{id}/ota}); status reports and state arrive on {@code …/status} and
 *                          {@code …/state} below it
 * @param sharedGroup       the shared subscription group: server nodes in one group split the devices' messages;
 *                          give it a name devices cannot guess, since a broker that checks only deliveries lets a
 *                          client that names the group take (and lose) a share of them (docs/mqtt.md)
 * @param triggersPerSecond the most triggers a fanout publishes per second (a token bucket of one second's worth)
 * @param qos               the QoS of triggers and of the server's subscriptions (1: at least once)
 * @param protocol          MQTT 5 (default) or 3.1.1 for brokers without MQTT 5
 * @param sessionExpiry     zero for a clean session on every connect; more keeps the server's session (and the
 *                          reports queued for it) at the broker that long while it is away; use a fixed client id
 * @param maxPayloadBytes   larger device messages are dropped unread (16 KiB)
 * @param connectTimeout    how long {@code start()} waits for the broker
 * @param logContext        whether the transport puts {@code voyager.deviceId} (every device message) and
 *                          {@code voyager.releaseId} (a report, when its release is in the catalog) into SLF4J's
 *                          MDC while it handles a device's message, the keys {@code HttpConfig.withLogContext}
 *                          sets; off by default
 */
public record MqttConfig(URI server, String clientId, Optional<Credentials> credentials, boolean tls, String topic,
                         String sharedGroup, double triggersPerSecond, int qos, Protocol protocol,
                         Duration sessionExpiry, int maxPayloadBytes, Duration connectTimeout, boolean logContext) {
    /** The default trigger topic; {@code {id}} stands for the device id. */
    public static final String DEFAULT_TOPIC = "devices/{id}/ota";
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The MQTT protocol version the server speaks. Devices may use either, whatever the server's. */
    public enum Protocol { MQTT_5, MQTT_3_1_1 }

    /** A user name and password for the broker; {@link #toString()} never shows the password. */
    public record Credentials(String username, String password) {
        public Credentials {
            if (username == null || username.isEmpty() || password == null) {
                throw new InvalidInputException("MQTT credentials need a non-empty user name and a password");
            }
        }

        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=***]";
        }
    }

    public MqttConfig {
        if (server == null) {
            throw new InvalidInputException("the MQTT server must be set, such as tcp://localhost:1883");
        }
        String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.matches("tcp|mqtt|ssl|mqtts") || server.getHost() == null) {
            throw new InvalidInputException("MQTT server '" + server + "' must look like tcp://host:1883 or"
                    + " ssl://host:8883 (schemes tcp, mqtt, ssl, mqtts)");
        }
        if (scheme.startsWith("ssl") || scheme.equals("mqtts")) {
            if (!tls) {
                throw new InvalidInputException("MQTT server '" + server + "' asks for TLS but tls is off; use"
                        + " tcp:// for a plain connection");
            }
        }
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            throw new InvalidInputException("MQTT clientId '" + clientId + "' must be 1 to 128 characters of letters,"
                    + " digits, '.', '_', ':' or '-'");
        }
        if (credentials == null) {
            throw new InvalidInputException("credentials must be Optional.empty() rather than null");
        }
        topic = Topics.checkTemplate(topic);
        if (sharedGroup == null || !GROUP.matcher(sharedGroup).matches()) {
            throw new InvalidInputException("MQTT sharedGroup '" + sharedGroup + "' must be 1 to 64 characters of"
                    + " letters, digits, '.', '_' or '-'");
        }
        if (!(triggersPerSecond >= 0.01 && triggersPerSecond <= 1_000_000)) {
            throw new InvalidInputException("triggersPerSecond is " + triggersPerSecond
                    + " but must be between 0.01 and 1000000");
        }
        if (qos < 0 || qos > 2) {
            throw new InvalidInputException("MQTT qos is " + qos + " but must be 0, 1 or 2 (1 is the default)");
        }
        if (protocol == null) {
            throw new InvalidInputException("protocol must be MQTT_5 or MQTT_3_1_1");
        }
        if (sessionExpiry == null || sessionExpiry.isNegative() || sessionExpiry.toSeconds() > 0xFFFF_FFFEL) {
            throw new InvalidInputException("sessionExpiry is " + sessionExpiry + " but must be between zero (a"
                    + " clean session) and " + 0xFFFF_FFFEL + " seconds");
        }
        if (maxPayloadBytes < 1024 || maxPayloadBytes > 16 * 1024 * 1024) {
            throw new InvalidInputException("maxPayloadBytes is " + maxPayloadBytes
                    + " but must be between 1024 and 16777216");
        }
        if (connectTimeout == null || connectTimeout.toMillis() < 100 || connectTimeout.toMinutes() > 10) {
            throw new InvalidInputException("connectTimeout is " + connectTimeout
                    + " but must be between 100 ms and 10 minutes");
        }
    }

    /**
     * The defaults for a broker: a random client id, no credentials, TLS when the scheme asks for it, topic
     * {@value #DEFAULT_TOPIC}, shared group {@code voyager}, 100 triggers per second, QoS 1, MQTT 5, a clean
     * session, 16 KiB messages, a 10 second connect timeout and no log context.
     */
    public static MqttConfig of(String serverUri) {
        URI uri;
        try {
            uri = new URI(serverUri == null ? "" : serverUri.trim());
        } catch (URISyntaxException e) {
            throw new InvalidInputException("MQTT server '" + serverUri + "' is not a URI: " + e.getReason()
                    + "; use something like tcp://localhost:1883");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = scheme.equals("ssl") || scheme.equals("mqtts");
        return new MqttConfig(uri, "voyager-" + UUID.randomUUID().toString().substring(0, 8), Optional.empty(), tls,
                DEFAULT_TOPIC, "voyager", 100, 1, Protocol.MQTT_5, Duration.ZERO, 16 * 1024, Duration.ofSeconds(10),
                false);
    }

    /** The broker's host. */
    public String host() {
        return server.getHost();
    }

    /** The broker's port: the URI's, or 8883 with TLS and 1883 without. */
    public int port() {
        return server.getPort() > 0 ? server.getPort() : tls ? 8883 : 1883;
    }

    public MqttConfig withClientId(String value) {
        return new MqttConfig(server, value, credentials, tls, topic, sharedGroup, triggersPerSecond, qos, protocol,
                sessionExpiry, maxPayloadBytes, connectTimeout, logContext);
    }

    public MqttConfig withCredentials(String username, String password) {
        return new MqttConfig(server, clientId, Optional.of(new Credentials(username, password)), tls, topic,
                sharedGroup, triggersPerSecond, qos, protocol, sessionExpiry, maxPayloadBytes, connectTimeout, logContext);
    }

    public MqttConfig withTls(boolean value) {
        return new MqttConfig(server, clientId, credentials, value, topic, sharedGroup, triggersPerSecond, qos,
                protocol, sessionExpiry, maxPayloadBytes, connectTimeout, logContext);
    }

    /** The trigger topic of one device, such as {@code acme/{id}/ota}; see {@link #topic()}. */
    public MqttConfig withTopic(String template) {
        return new MqttConfig(server, clientId, credentials, tls, template, sharedGroup, triggersPerSecond, qos,
                protocol, sessionExpiry, maxPayloadBytes, connectTimeout, logContext);
    }

    public MqttConfig withSharedGroup(String group) {
        return new MqttConfig(server, clientId, credentials, tls, topic, group, triggersPerSecond, qos, protocol,
                sessionExpiry, maxPayloadBytes, connectTimeout, logContext);
    }

    public MqttConfig withTriggersPerSecond(double rate) {
        return new MqttConfig(server, clientId, credentials, tls, topic, sharedGroup, rate, qos, protocol,
                sessionExpiry, maxPayloadBytes, connectTimeout, logContext);
    }

    public MqttConfig withQos(int value) {
        return new MqttConfig(server, clientId, credentials, tls, topic, sharedGroup, triggersPerSecond, value,
                protocol, sessionExpiry, maxPayloadBytes, connectTimeout, logContext);
    }

    public MqttConfig withProtocol(Protocol value) {
        return new MqttConfig(server, clientId, credentials, tls, topic, sharedGroup, triggersPerSecond, qos, value,
                sessionExpiry, maxPayloadBytes, connectTimeout, logContext);
    }

    public MqttConfig withSessionExpiry(Duration value) {
        return new MqttConfig(server, clientId, credentials, tls, topic, sharedGroup, triggersPerSecond, qos,
                protocol, value, maxPayloadBytes, connectTimeout, logContext);
    }

    public MqttConfig withMaxPayloadBytes(int value) {
        return new MqttConfig(server, clientId, credentials, tls, topic, sharedGroup, triggersPerSecond, qos,
                protocol, sessionExpiry, value, connectTimeout, logContext);
    }

    public MqttConfig withConnectTimeout(Duration value) {
        return new MqttConfig(server, clientId, credentials, tls, topic, sharedGroup, triggersPerSecond, qos,
                protocol, sessionExpiry, maxPayloadBytes, value, logContext);
    }

    /** Puts the device id and release id of the message being handled into SLF4J's MDC (see {@link #logContext}). */
    public MqttConfig withLogContext(boolean on) {
        return new MqttConfig(server, clientId, credentials, tls, topic, sharedGroup, triggersPerSecond, qos,
                protocol, sessionExpiry, maxPayloadBytes, connectTimeout, on);
    }
}
