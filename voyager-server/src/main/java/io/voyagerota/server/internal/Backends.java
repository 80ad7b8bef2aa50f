package io.voyagerota.server.internal;

import io.voyagerota.InvalidInputException;
import io.voyagerota.Voyager;
import io.voyagerota.VoyagerException;
import io.voyagerota.server.ConfigException;
import io.voyagerota.server.S3Settings;
import io.voyagerota.server.ServerConfig;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.DeviceNotifier;
import io.voyagerota.spi.DownloadLinkIssuer;
import io.voyagerota.storage.fs.FileSystemArtifactStorage;
import io.voyagerota.storage.s3.S3ArtifactStorage;
import io.voyagerota.storage.s3.S3StorageBuilder;
import io.voyagerota.storage.s3.S3StorageConfig;
import io.voyagerota.storage.s3.StaleUploadReport;
import io.voyagerota.transport.mqtt.MqttConfig;
import io.voyagerota.transport.mqtt.MqttDeviceNotifier;
import io.voyagerota.transport.mqtt.MqttTransportException;
import io.voyagerota.transport.mqtt.VoyagerMqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The pluggable parts of the server, chosen by configuration: the artifact storage ({@code storage.type}) and the
 * push transport ({@code mqtt.url}). A new backend is one more case here and one more value of its key.
 */
public final class Backends {
    private Backends() {
    }

    /** Refuses a configuration the backends cannot work with, before anything is opened. */
    public static void checkAvailable(ServerConfig config) {
        if (config.storage() == ServerConfig.StorageType.S3) {
            s3Config(config);
        }
        mqttConfig(config);
    }

    /**
     * An opened artifact storage, what to log about it, and the download links it issues itself (presigned URLs),
     * if offers should use them.
     */
    public record Storage(ArtifactStorage storage, String description, Optional<DownloadLinkIssuer> links)
            implements AutoCloseable {
        @Override
        public void close() {
            if (storage instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // the client's connections go with the process
                }
            }
        }
    }

    /**
     * Opens the configured storage. A filesystem is first cleared of what a crash left in flight, which is only
     * safe because the data directory's lock guarantees no other process writes there; a bucket is checked for
     * access and conditional writes.
     */
    public static Storage openStorage(ServerConfig config, DataDirectory dir) throws IOException {
        if (config.storage() == ServerConfig.StorageType.S3) {
            return openS3(config);
        }
        Path root = dir.artifacts();
        FileSystemArtifactStorage storage = FileSystemArtifactStorage.builder(root).build();
        List<Path> removed = storage.recover(Duration.ZERO);
        return new Storage(storage, "fs " + root + (removed.isEmpty() ? ""
                : " (recovered: removed " + removed.size() + " unfinished upload(s))"), Optional.empty());
    }

    private static Storage openS3(ServerConfig config) {
        S3Settings s3 = config.s3();
        S3StorageConfig s3Config = s3Config(config);
        S3StorageBuilder builder = S3ArtifactStorage.builder(s3Config);
        s3.accessKeyId().ifPresent(id -> builder.staticCredentials(id, s3.secretAccessKey().orElseThrow()));
        S3ArtifactStorage storage;
        try {
            storage = builder.build();
        } catch (InvalidInputException e) {
            throw new ConfigException("storage.s3: " + e.getMessage());
        }
        String where = "s3://" + s3Config.bucket() + "/" + s3Config.prefix() + s3Config.endpoint()
                .map(u -> " at " + u).orElse("");
        StaleUploadReport stale;
        try {
            storage.verifyStore();
            stale = storage.abortStaleUploads(); // what a node killed mid-upload left, a day or more ago
        } catch (IOException | RuntimeException e) {
            storage.close();
            throw new VoyagerException("storage-unreachable", "cannot use " + where + ": " + e.getMessage()
                    + "; check storage.s3.* and the credentials", e);
        }
        if (!stale.isEmpty()) {
            where += " (recovered: aborted " + stale.abortedUploads().size() + " stale upload(s), deleted "
                    + stale.deletedObjects().size() + " staged object(s))";
        }
        return new Storage(storage, where + (s3.directDownloads() ? ", devices download from the bucket" : ""),
                s3.directDownloads() ? Optional.of(storage.downloadLinks()) : Optional.empty());
    }

    private static S3StorageConfig s3Config(ServerConfig config) {
        try {
            return config.s3().toStorageConfig(config.linkTtl());
        } catch (InvalidInputException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** How devices are told to check now: over MQTT when a broker is configured, otherwise not at all (they poll). */
    public static DeviceNotifier notifier(ServerConfig config) {
        return config.mqtt().url().isPresent() ? new MqttDeviceNotifier() : DeviceNotifier.none();
    }

    /**
     * Connects the MQTT transport when a broker is configured: triggers go out through {@code notifier}, status
     * reports and state messages come in to {@code voyager}.
     *
     * @throws VoyagerException naming the broker when it cannot be reached
     */
    public static Optional<VoyagerMqtt> startPush(ServerConfig config, Voyager voyager, DeviceNotifier notifier,
                                                  String sharedGroup) {
        Optional<MqttConfig> mqtt = mqttConfig(config).map(m -> m.withSharedGroup(sharedGroup));
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

    /**
     * The server's shared subscription group, derived from the data directory's secret: the same at every restart,
     * and unguessable. A broker that checks only deliveries against its ACL (mosquitto's acl_file) lets any client
     * join a group it can name, and then drops the share of every device's reports it hands to that client; a
     * device that cannot name the group cannot divert a single report.
     */
    public static String sharedGroup(byte[] secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("voyager mqtt shared group\n".getBytes(StandardCharsets.US_ASCII));
            return "voyager-" + HexFormat.of().formatHex(sha.digest(secret), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static Optional<MqttConfig> mqttConfig(ServerConfig config) {
        if (config.mqtt().url().isEmpty()) {
            return Optional.empty();
        }
        try {
            MqttConfig mqtt = MqttConfig.of(config.mqtt().url().get().toString())
                    .withTriggersPerSecond(config.mqtt().triggersPerSecond());
            if (config.mqtt().username().isPresent()) {
                mqtt = mqtt.withCredentials(config.mqtt().username().get(), config.mqtt().password().orElseThrow());
            }
            return Optional.of(mqtt);
        } catch (InvalidInputException e) {
            throw new ConfigException("mqtt.url: " + e.getMessage());
        }
    }
}
