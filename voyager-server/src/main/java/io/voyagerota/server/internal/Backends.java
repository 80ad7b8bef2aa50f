package io.voyagerota.server.internal;

import io.voyagerota.InvalidInputException;
import io.voyagerota.Voyager;
import io.voyagerota.VoyagerException;
import io.voyagerota.server.ConfigException;
import io.voyagerota.server.ServerConfig;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.DeviceNotifier;
import io.voyagerota.storage.fs.FileSystemArtifactStorage;
import io.voyagerota.transport.mqtt.MqttConfig;
import io.voyagerota.transport.mqtt.MqttDeviceNotifier;
import io.voyagerota.transport.mqtt.MqttTransportException;
import io.voyagerota.transport.mqtt.VoyagerMqtt;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The pluggable parts of the server, chosen by configuration: the artifact storage ({@code storage.type}) and the
 * push transport ({@code mqtt.url}). A new backend is one more case here and one more value of its key.
 */
public final class Backends {
    private Backends() {
    }

    /** Refuses a configuration asking for a backend this build does not have, before anything is opened. */
    public static void checkAvailable(ServerConfig config) {
        if (config.storage() == ServerConfig.StorageType.S3) {
            throw new ConfigException("storage.type s3 is not available in this build yet; use fs");
        }
        mqttConfig(config);
    }

    /** An opened artifact storage and what to log about it. */
    public record Storage(ArtifactStorage storage, String description) {
    }

    /**
     * Opens the configured storage and clears what a crash left in flight; only safe because the data directory's
     * lock guarantees no other process writes there.
     */
    public static Storage openStorage(ServerConfig config, DataDirectory dir) throws IOException {
        Path root = dir.artifacts();
        FileSystemArtifactStorage storage = FileSystemArtifactStorage.builder(root).build();
        List<Path> removed = storage.recover(Duration.ZERO);
        return new Storage(storage, "fs " + root + (removed.isEmpty() ? ""
                : " (recovered: removed " + removed.size() + " unfinished upload(s))"));
    }

    /** How devices are told to check now: over MQTT when a broker is configured, otherwise not at all (they poll). */
    public static DeviceNotifier notifier(ServerConfig config) {
        return config.mqttUrl().isPresent() ? new MqttDeviceNotifier() : DeviceNotifier.none();
    }

    /**
     * Connects the MQTT transport when a broker is configured: triggers go out through {@code notifier}, status
     * reports and state messages come in to {@code voyager}.
     *
     * @throws VoyagerException naming the broker when it cannot be reached
     */
    public static Optional<VoyagerMqtt> startPush(ServerConfig config, Voyager voyager, DeviceNotifier notifier) {
        Optional<MqttConfig> mqtt = mqttConfig(config);
        if (mqtt.isEmpty() || !(notifier instanceof MqttDeviceNotifier triggers)) {
            return Optional.empty();
        }
        VoyagerMqtt transport = VoyagerMqtt.builder(voyager, mqtt.get()).notifier(triggers)
                .deviceTags(voyager.devices()::tags).build();
        try {
            transport.start();
        } catch (MqttTransportException e) {
            throw new VoyagerException("mqtt-unreachable", "cannot connect to the MQTT broker at "
                    + mqtt.get().server() + ": " + e.getMessage() + "; start the broker, or fix or unset mqtt.url"
                    + " (VOYAGER_MQTT_URL, --mqtt)", e);
        }
        return Optional.of(transport);
    }

    private static Optional<MqttConfig> mqttConfig(ServerConfig config) {
        if (config.mqttUrl().isEmpty()) {
            return Optional.empty();
        }
        try {
            MqttConfig mqtt = MqttConfig.of(config.mqttUrl().get().toString());
            if (config.mqttUsername().isPresent()) {
                mqtt = mqtt.withCredentials(config.mqttUsername().get(), config.mqttPassword().orElseThrow());
            }
            return Optional.of(mqtt);
        } catch (InvalidInputException e) {
            throw new ConfigException("mqtt.url: " + e.getMessage());
        }
    }
}
