package io.voyagerota.server;

import io.voyagerota.InvalidInputException;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code mqtt.*} settings: the broker for push triggers and device reports, and the server's credentials there.
 * Each value is checked when set, and an error names its key; {@link #toString()} never shows the password.
 *
 * @param url      the broker, such as {@code tcp://localhost:1883}; none: devices poll
 * @param username the server's user name at the broker, if it asks for one
 * @param password the server's password at the broker, with {@code username}
 * @param triggersPerSecond the most triggers this node publishes per second during a fan-out (100): every trigger
 *                 becomes a check and, with an offer, a download, so this paces the load a promotion brings
 */
public record MqttSettings(Optional<URI> url, Optional<String> username, Optional<String> password,
                           double triggersPerSecond) {
    /** The default trigger rate of a node. */
    public static final double DEFAULT_TRIGGERS_PER_SECOND = 100;
    static final double MAX_TRIGGERS_PER_SECOND = 1_000_000;

    public MqttSettings {
        if (url == null || username == null || password == null) {
            throw new InvalidInputException("mqtt settings must not be null; use Optional.empty()");
        }
        url.ifPresent(MqttSettings::checkUrl);
        if (!(triggersPerSecond >= 1 && triggersPerSecond <= MAX_TRIGGERS_PER_SECOND)) {
            throw new InvalidInputException("mqtt.triggers-per-second must be between 1 and 1000000, not "
                    + triggersPerSecond);
        }
    }

    /** No broker: devices poll. */
    public static MqttSettings none() {
        return new MqttSettings(Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_TRIGGERS_PER_SECOND);
    }

    public MqttSettings withUrl(URI value) {
        return new MqttSettings(Optional.of(value), username, password, triggersPerSecond);
    }

    public MqttSettings withUsername(String value) {
        return new MqttSettings(url, Optional.of(value), password, triggersPerSecond);
    }

    public MqttSettings withPassword(String value) {
        return new MqttSettings(url, username, Optional.of(value), triggersPerSecond);
    }

    public MqttSettings withTriggersPerSecond(double value) {
        return new MqttSettings(url, username, password, value);
    }

    /**
     * The checks across keys, made once every key is read: a user name alone, or one without a broker, is a
     * mistake the broker would only report at the first connection.
     */
    void checkComplete() {
        if (username.isPresent() != password.isPresent()) {
            throw new InvalidInputException("mqtt.username and mqtt.password go together; set both or neither");
        }
        if (username.isPresent() && url.isEmpty()) {
            throw new InvalidInputException("mqtt.username is set but mqtt.url is not; set the broker's URL too");
        }
    }

    private static void checkUrl(URI u) {
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("tcp") || scheme.equals("ssl") || scheme.equals("mqtt") || scheme.equals("mqtts"))
                || u.getHost() == null) {
            throw new InvalidInputException("mqtt.url must be a broker URL such as tcp://localhost:1883 or"
                    + " ssl://broker.example.com:8883");
        }
    }

    @Override
    public String toString() {
        return "MqttSettings[url=" + url.map(URI::toString).orElse("(none)") + ", username="
                + username.orElse("(none)") + ", password=" + (password.isPresent() ? "(set)" : "(none)")
                + ", triggersPerSecond=" + triggersPerSecond + "]";
    }
}
