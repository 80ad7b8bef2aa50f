package io.voyagerota.server.internal;

import io.voyagerota.server.ConfigException;
import io.voyagerota.server.ServerConfig;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.DeviceNotifier;
import io.voyagerota.storage.fs.FileSystemArtifactStorage;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
        if (config.mqttUrl().isPresent()) {
            throw new ConfigException("mqtt.url is set, but the MQTT transport is not in this build yet; leave"
                    + " mqtt.url (VOYAGER_MQTT_URL, --mqtt) unset");
        }
    }

    /** An opened artifact storage and what to log about it. */
    public record Storage(ArtifactStorage storage, String description) {
    }

    /**
     * Opens the configured storage and clears what a crash left in flight; only safe because the data directory's
     * lock guarantees no other process writes there.
     */
    public static Storage openStorage(ServerConfig config, DataDirectory dir) throws IOException {
        checkAvailable(config);
        Path root = dir.artifacts();
        FileSystemArtifactStorage storage = FileSystemArtifactStorage.builder(root).build();
        List<Path> removed = storage.recover(Duration.ZERO);
        return new Storage(storage, "fs " + root + (removed.isEmpty() ? ""
                : " (recovered: removed " + removed.size() + " unfinished upload(s))"));
    }

    /** How devices are told to check now: nobody until the MQTT transport arrives; devices poll. */
    public static DeviceNotifier notifier(ServerConfig config) {
        checkAvailable(config);
        return DeviceNotifier.none();
    }
}
