package io.voyagerota.server;

import io.voyagerota.InvalidInputException;
import io.voyagerota.housekeeping.HousekeepingConfig;
import io.voyagerota.server.internal.Durations;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Reads a {@link ServerConfig} from its three sources. For each {@link Key}, a flag wins over an environment
 * variable, which wins over the properties file, which wins over the default. An empty value counts as not set.
 * Every error names the key, where the value came from and what is allowed, and a config with an error is never
 * half applied.
 */
public final class ServerConfigLoader {
    /** Every setting: its key in the properties file, its environment variable and its flag. */
    public enum Key {
        BIND("server.bind", "VOYAGER_BIND", "--bind", "0.0.0.0", "address to listen on",
                (b, v) -> b.bindAddress(v)),
        PORT("server.port", "VOYAGER_PORT", "--port", "8080", "port to listen on; 0 picks a free one",
                (b, v) -> b.port(integer(v))),
        BASE_PATH("server.base-path", "VOYAGER_BASE_PATH", "--base-path", "/v1",
                "path of the device and admin APIs", (b, v) -> b.basePath(v)),
        PUBLIC_URL("server.public-url", "VOYAGER_PUBLIC_URL", "--public-url", "(none)",
                "the server's URL as devices reach it, for absolute download links",
                (b, v) -> b.publicUrl(Optional.of(uri(v)))),
        SHUTDOWN_GRACE("server.shutdown-grace", "VOYAGER_SHUTDOWN_GRACE", "--shutdown-grace", "10s",
                "how long requests in progress may take to finish on shutdown", (b, v) -> b.shutdownGrace(Durations.parse(v))),
        DATABASE_URL("database.url", "VOYAGER_DATABASE_URL", "--database", "(embedded H2 in the data dir)",
                "JDBC URL of a PostgreSQL database, for a cluster of servers", (b, v) -> b.database(d -> d.withUrl(v))),
        DATABASE_USERNAME("database.username", "VOYAGER_DATABASE_USERNAME", "--database-user", "(none)",
                "the database user", (b, v) -> b.database(d -> d.withUsername(v))),
        DATABASE_PASSWORD("database.password", "VOYAGER_DATABASE_PASSWORD", "", "(none)",
                "the database user's password", (b, v) -> b.database(d -> d.withPassword(v))),
        DATABASE_PASSWORD_FILE("database.password-file", "VOYAGER_DATABASE_PASSWORD_FILE", "--database-password-file",
                "(none)", "a file holding the database password", (b, v) -> b.database(d -> d.withPasswordFile(
                path(v)))),
        DATABASE_POOL_SIZE("database.pool-size", "VOYAGER_DATABASE_POOL_SIZE", "", "10",
                "the most database connections this node opens", (b, v) -> b.database(d -> d.withPoolSize(
                integer(v)))),
        DATABASE_CONNECTION_TIMEOUT("database.connection-timeout", "VOYAGER_DATABASE_CONNECTION_TIMEOUT", "", "5s",
                "how long to wait for a database connection", (b, v) -> b.database(d -> d.withConnectionTimeout(
                Durations.parse(v)))),
        DATA_DIR("data.dir", "VOYAGER_DATA_DIR", "--data-dir", "./voyager-data",
                "database, artifacts and secrets", (b, v) -> b.dataDir(path(v))),
        STORAGE("storage.type", "VOYAGER_STORAGE", "--storage", "fs", "artifact storage: fs",
                (b, v) -> b.storage(storage(v))),
        S3_BUCKET("storage.s3.bucket", "VOYAGER_S3_BUCKET", "--s3-bucket", "(none)", "the bucket of storage.type=s3",
                (b, v) -> b.s3(s -> s.withBucket(v))),
        S3_PREFIX("storage.s3.prefix", "VOYAGER_S3_PREFIX", "--s3-prefix", "(top level)", "a folder in the bucket",
                (b, v) -> b.s3(s -> s.withPrefix(v))),
        S3_ENDPOINT("storage.s3.endpoint", "VOYAGER_S3_ENDPOINT", "--s3-endpoint", "(AWS)",
                "an S3-compatible store's URL", (b, v) -> b.s3(s -> s.withEndpoint(uri(v)))),
        S3_REGION("storage.s3.region", "VOYAGER_S3_REGION", "--s3-region", "(AWS default chain)", "the region",
                (b, v) -> b.s3(s -> s.withRegion(v))),
        S3_PATH_STYLE("storage.s3.path-style", "VOYAGER_S3_PATH_STYLE", "", "false",
                "bucket in the path, as most S3-compatible stores want", (b, v) -> b.s3(s -> s.withPathStyle(bool(v)))),
        S3_ACCESS_KEY_ID("storage.s3.access-key-id", "VOYAGER_S3_ACCESS_KEY_ID", "", "(AWS default chain)",
                "fixed credentials", (b, v) -> b.s3(s -> s.withAccessKeyId(v))),
        S3_SECRET_ACCESS_KEY("storage.s3.secret-access-key", "VOYAGER_S3_SECRET_ACCESS_KEY", "", "(none)",
                "the secret of the access key", (b, v) -> b.s3(s -> s.withSecretAccessKey(v))),
        S3_DIRECT_DOWNLOADS("storage.s3.direct-downloads", "VOYAGER_S3_DIRECT_DOWNLOADS", "", "false",
                "offers send devices to the bucket with presigned URLs", (b, v) -> b.s3(s -> s.withDirectDownloads(
                bool(v)))),
        S3_STALE_UPLOAD_AGE("storage.s3.stale-upload-age", "VOYAGER_S3_STALE_UPLOAD_AGE", "", "1d",
                "unfinished uploads older than this are aborted, at start and by housekeeping",
                (b, v) -> b.s3(s -> s.withStaleUploadAge(Durations.parse(v)))),
        ADMIN_TOKEN("admin.token", "VOYAGER_ADMIN_TOKEN", "", "(generated)",
                "an admin token to accept; kept only as its SHA-256", (b, v) -> b.adminToken(Optional.of(v))),
        ADMIN_TOKEN_SHA256("admin.token-sha256", "VOYAGER_ADMIN_TOKEN_SHA256", "", "(none)",
                "the SHA-256 (hex) of an admin token to accept", (b, v) -> b.adminTokenSha256(Optional.of(v))),
        ALLOW_UNAUTHENTICATED_CHECKS("http.allow-unauthenticated-checks", "VOYAGER_ALLOW_UNAUTHENTICATED_CHECKS",
                "--allow-unauthenticated-checks", "false", "development only: checks without a device credential",
                (b, v) -> b.allowUnauthenticatedChecks(bool(v))),
        METRICS("server.metrics", "VOYAGER_METRICS", "--metrics", "false",
                "serve the meters in Prometheus text at /metrics", (b, v) -> b.metrics(bool(v))),
        HTTP_ENGINE("server.http-engine", "VOYAGER_HTTP_ENGINE", "--http-engine", HttpEngine.DEFAULT.configName(),
                "the HTTP server in front of the APIs: " + HttpEngine.names(), (b, v) -> b.httpEngine(
                HttpEngine.parse(v))),
        LINK_TTL("links.ttl", "VOYAGER_LINK_TTL", "--link-ttl", "5m", "how long a download link stays valid",
                (b, v) -> b.linkTtl(Durations.parse(v))),
        LINK_KEY_FILE("links.key-file", "VOYAGER_LINK_KEY_FILE", "--link-key", "(<data dir>/secrets/download-link.key)",
                "the download-link key's file (base64, 32+ bytes); the same on every node of a cluster",
                (b, v) -> b.linkKeyFile(Optional.of(path(v)))),
        MQTT_URL("mqtt.url", "VOYAGER_MQTT_URL", "--mqtt", "(none)", "MQTT broker for push triggers and reports",
                (b, v) -> b.mqtt(m -> m.withUrl(uri(v)))),
        MQTT_USERNAME("mqtt.username", "VOYAGER_MQTT_USERNAME", "--mqtt-username", "(none)",
                "the server's user name at the broker", (b, v) -> b.mqtt(m -> m.withUsername(v))),
        MQTT_PASSWORD("mqtt.password", "VOYAGER_MQTT_PASSWORD", "", "(none)", "the server's password at the broker",
                (b, v) -> b.mqtt(m -> m.withPassword(v))),
        MQTT_TRIGGERS_PER_SECOND("mqtt.triggers-per-second", "VOYAGER_MQTT_TRIGGERS_PER_SECOND", "", "100",
                "the most triggers this node publishes per second in a fan-out (each becomes a check and a download)",
                (b, v) -> b.mqtt(m -> m.withTriggersPerSecond(decimal(v)))),
        OFFER_KEY_FILE("offer.key-file", "VOYAGER_OFFER_KEY_FILE", "--offer-key", "(<data dir>/secrets/offer-key.pem)",
                "the offer key's PEM file (ECDSA P-256, readable by the server's user only)",
                (b, v) -> b.offerKeyFile(Optional.of(path(v)))),
        OFFER_KEY_ENDORSEMENTS("offer.key-endorsements", "VOYAGER_OFFER_KEY_ENDORSEMENTS", "--offer-key-endorsements",
                "(none)", "endorsement files of rotated offer keys, comma-separated (voyager keys endorse)",
                (b, v) -> b.offerKeyEndorsements(paths(v))),
        ALERTS_WEBHOOK_URL("alerts.webhook-url", "VOYAGER_ALERTS_WEBHOOK_URL", "--alerts-webhook-url", "(none)",
                "where to POST alerts; without it alerts are only logged",
                (b, v) -> b.alerts(a -> a.withWebhookUrl(uri(v)))),
        ALERTS_WEBHOOK_SECRET("alerts.webhook-secret", "VOYAGER_ALERTS_WEBHOOK_SECRET", "", "(unsigned)",
                "the Standard Webhooks signing secret, whsec_<base64>", (b, v) -> b.alerts(a -> a.withWebhookSecret(v))),
        ALERTS_FORMAT("alerts.format", "VOYAGER_ALERTS_FORMAT", "--alerts-format", "standard",
                "the webhook's body: standard or slack", (b, v) -> b.alerts(a -> a.withFormat(v))),
        ALERTS_RULES("alerts.rules", "VOYAGER_ALERTS_RULES", "", "(all)", "which events are posted, comma-separated:"
                + " firmware-uploaded, rollout-paused, success-rate-low, failure-burst, outbox-failed",
                (b, v) -> b.alerts(a -> a.withRules(v))),
        ALERTS_WEBHOOK_TIMEOUT("alerts.webhook-timeout", "VOYAGER_ALERTS_WEBHOOK_TIMEOUT", "", "10s",
                "how long one POST may take", (b, v) -> b.alerts(a -> a.withWebhookTimeout(Durations.parse(v)))),
        ALERTS_SUCCESS_RATE_BELOW("alerts.success-rate-below", "VOYAGER_ALERTS_SUCCESS_RATE_BELOW", "", "0.9",
                "a rollout's success rate below this raises an alert", (b, v) -> b.alerts(a -> a.withSuccessRateBelow(
                decimal(v)))),
        ALERTS_FAILURE_BURST("alerts.failure-burst", "VOYAGER_ALERTS_FAILURE_BURST", "", "10",
                "this many failed updates within alerts.failure-burst-window raise an alert",
                (b, v) -> b.alerts(a -> a.withFailureBurst(integer(v)))),
        ALERTS_FAILURE_BURST_WINDOW("alerts.failure-burst-window", "VOYAGER_ALERTS_FAILURE_BURST_WINDOW", "", "1h",
                "the window of alerts.failure-burst", (b, v) -> b.alerts(a -> a.withFailureBurstWindow(
                Durations.parse(v)))),
        // min-sample comes before window-devices: a device window below the sample is then reported as the
        // window's mistake, the key to fix.
        ROLLOUTS_PAUSE_AT_FAILURE_RATE("rollouts.pause-at-failure-rate", "VOYAGER_ROLLOUTS_PAUSE_AT_FAILURE_RATE", "",
                "0.2", "a rollout without a guard of its own pauses itself at this failure rate (above 0, at most 1)",
                (b, v) -> b.rollouts(r -> r.withPauseAtFailureRate(decimal(v)))),
        ROLLOUTS_MIN_SAMPLE("rollouts.min-sample", "VOYAGER_ROLLOUTS_MIN_SAMPLE", "", "10",
                "devices a pause window needs before its failure rate counts, and a stage before it advances",
                (b, v) -> b.rollouts(r -> r.withMinSample(integer(v)))),
        ROLLOUTS_WINDOW_DEVICES("rollouts.window-devices", "VOYAGER_ROLLOUTS_WINDOW_DEVICES", "",
                "100 (or rollouts.min-sample if more)", "the pause rule looks at the latest this many devices",
                (b, v) -> b.rollouts(r -> r.withWindowDevices(integer(v)))),
        ROLLOUTS_WINDOW("rollouts.window", "VOYAGER_ROLLOUTS_WINDOW", "", "1h",
                "and at the outcomes reported in the last this long", (b, v) -> b.rollouts(r -> r.withWindow(
                Durations.parse(v)))),
        HOUSEKEEPING_ENABLED("housekeeping.enabled", "VOYAGER_HOUSEKEEPING_ENABLED", "", "true",
                "purge unreferenced and expired artifacts, sweep interrupted uploads", (b, v) -> b.housekeeping(
                h -> h.withEnabled(bool(v)))),
        HOUSEKEEPING_INTERVAL("housekeeping.interval", "VOYAGER_HOUSEKEEPING_INTERVAL", "", "1h",
                "time between housekeeping runs (the first runs at start)", (b, v) -> b.housekeeping(
                h -> h.withInterval(atLeast(v, HousekeepingConfig.MIN_INTERVAL, "housekeeping.interval")))),
        HOUSEKEEPING_UNREFERENCED_GRACE("housekeeping.unreferenced-grace", "VOYAGER_HOUSEKEEPING_UNREFERENCED_GRACE",
                "", "24h", "artifacts no release references are purged once this old", (b, v) -> b.housekeeping(
                h -> h.withUnreferencedGrace(atLeast(v, HousekeepingConfig.MIN_GRACE,
                        "housekeeping.unreferenced-grace")))),
        HOUSEKEEPING_DELETED_RETENTION("housekeeping.deleted-retention", "VOYAGER_HOUSEKEEPING_DELETED_RETENTION", "",
                "30d", "how long a deleted release stays restorable before its artifact is purged",
                (b, v) -> b.housekeeping(h -> h.withDeletedRetention(atLeast(v, HousekeepingConfig.MIN_RETENTION,
                        "housekeeping.deleted-retention")))),
        FANOUT_LEASE("outbox.fanout-lease", "VOYAGER_OUTBOX_FANOUT_LEASE", "", "1m",
                "how long a node holds a fan-out chunk; a chunk whose node died waits this long",
                (b, v) -> b.fanoutLease(Durations.parse(v)));

        private final String property;
        private final String env;
        private final String flag;
        private final String defaultText;
        private final String description;
        private final BiConsumer<ServerConfig.Builder, String> apply;

        Key(String property, String env, String flag, String defaultText, String description,
            BiConsumer<ServerConfig.Builder, String> apply) {
            this.property = property;
            this.env = env;
            this.flag = flag;
            this.defaultText = defaultText;
            this.description = description;
            this.apply = apply;
        }

        /** The key in {@code voyager.properties}, such as {@code server.port}. */
        public String property() {
            return property;
        }

        /** The environment variable, such as {@code VOYAGER_PORT}. */
        public String env() {
            return env;
        }

        /** The flag of {@code voyager serve}, such as {@code --port}; empty when there is none. */
        public Optional<String> flag() {
            return flag.isEmpty() ? Optional.empty() : Optional.of(flag);
        }

        public String defaultText() {
            return defaultText;
        }

        public String description() {
            return description;
        }

        static Optional<Key> ofProperty(String name) {
            return Arrays.stream(values()).filter(k -> k.property.equals(name)).findFirst();
        }
    }

    private ServerConfigLoader() {
    }

    /**
     * @param file  the properties file ({@code --config}), if any
     * @param env   the environment ({@code System.getenv()})
     * @param flags values given as flags, by key
     * @throws ConfigException naming the key and the source of the first bad value
     */
    public static ServerConfig load(Optional<Path> file, Map<String, String> env, Map<Key, String> flags) {
        Map<Key, String> fromFile = file.isPresent() ? readFile(file.get()) : Map.of();
        ServerConfig.Builder builder = ServerConfig.builder();
        Map<Key, String> sources = new EnumMap<>(Key.class);
        for (Key key : Key.values()) {
            String source;
            String value;
            if (present(flags.get(key))) {
                value = flags.get(key);
                source = "flag " + key.flag;
            } else if (present(env.get(key.env))) {
                value = env.get(key.env);
                source = "environment variable " + key.env;
            } else if (present(fromFile.get(key))) {
                value = fromFile.get(key);
                source = file.get() + " (" + key.property + ")";
            } else {
                continue;
            }
            sources.put(key, source);
            try {
                key.apply.accept(builder, value.strip());
            } catch (InvalidInputException e) {
                String problem = e.getMessage().startsWith(key.property) ? e.getMessage()
                        : key.property + " " + e.getMessage();
                throw new ConfigException(problem + " (" + shown(key, value) + " from " + source + ")");
            }
        }
        try {
            return builder.build();
        } catch (InvalidInputException e) {
            throw new ConfigException(e.getMessage() + " (" + sources.entrySet().stream()
                    .map(s -> s.getKey().property + " from " + s.getValue()).collect(Collectors.joining(", ")) + ")");
        }
    }

    private static String shown(Key key, String value) {
        // A token, even a wrong one, does not belong in logs.
        if (key == Key.DATABASE_URL) {
            return "value \"" + DatabaseSettings.redacted(value) + "\"";
        }
        boolean secret = key == Key.ADMIN_TOKEN || key == Key.MQTT_PASSWORD || key == Key.DATABASE_PASSWORD
                || key == Key.S3_SECRET_ACCESS_KEY
                || key == Key.ALERTS_WEBHOOK_SECRET || key == Key.ALERTS_WEBHOOK_URL;
        return secret ? "value hidden" : "value \"" + value + "\"";
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static Map<Key, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " does not exist or is not a file; check --config");
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("config file " + file + " cannot be read as Java properties: " + e.getMessage());
        }
        Map<Key, String> values = new EnumMap<>(Key.class);
        for (String name : properties.stringPropertyNames()) {
            Key key = Key.ofProperty(name).orElseThrow(() -> new ConfigException("config file " + file
                    + " has an unknown key \"" + name + "\"; the keys are " + Arrays.stream(Key.values())
                    .map(Key::property).collect(Collectors.joining(", "))));
            values.put(key, properties.getProperty(name));
        }
        return values;
    }

    static int integer(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("must be a whole number such as 8080");
        }
    }

    static double decimal(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("must be a decimal number such as 0.9");
        }
    }

    /** A duration of at least {@code min}; the error names the key. */
    static Duration atLeast(String value, Duration min, String key) {
        Duration d = Durations.parse(value);
        if (d.compareTo(min) < 0) {
            throw new InvalidInputException(key + " must be at least " + Durations.format(min) + ", not "
                    + Durations.format(d));
        }
        return d;
    }

    static boolean bool(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException("must be true or false");
        };
    }

    static URI uri(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new InvalidInputException("is not a URL: " + e.getReason());
        }
    }

    static List<Path> paths(String value) {
        List<Path> out = new ArrayList<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                out.add(path(part.strip()));
            }
        }
        return out;
    }

    static Path path(String value) {
        try {
            return Path.of(value);
        } catch (RuntimeException e) {
            throw new InvalidInputException("is not a valid path: " + e.getMessage());
        }
    }

    static ServerConfig.StorageType storage(String value) {
        for (ServerConfig.StorageType t : ServerConfig.StorageType.values()) {
            if (t.configName().equalsIgnoreCase(value)) {
                return t;
            }
        }
        throw new InvalidInputException("must be one of: fs, s3");
    }
}
