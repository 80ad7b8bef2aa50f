package io.voyagerota.server;

import io.voyagerota.InvalidInputException;
import io.voyagerota.housekeeping.HousekeepingConfig;
import io.voyagerota.server.ServerConfigLoader.Key;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServerConfigLoaderTest {
    private static final String TOKEN = "s3cr3t-t0ken-that-is-long-enough-0123456789";

    @TempDir
    Path dir;

    private Path file(String... lines) throws Exception {
        return Files.writeString(dir.resolve("voyager.properties"), String.join("\n", lines) + "\n");
    }

    @Test
    void nothingSetGivesTheDefaults() {
        ServerConfig config = ServerConfigLoader.load(Optional.empty(), Map.of(), Map.of());
        assertEquals(ServerConfig.defaults(), config);
        assertEquals(8080, config.port());
        assertEquals("0.0.0.0", config.bindAddress());
        assertEquals("/v1", config.basePath());
        assertEquals(Path.of("voyager-data"), config.dataDir());
        assertEquals(ServerConfig.StorageType.FS, config.storage());
        assertEquals(Duration.ofSeconds(10), config.shutdownGrace());
        assertEquals(Duration.ofMinutes(5), config.linkTtl());
        assertEquals(Duration.ofMinutes(1), config.fanoutLease());
        assertFalse(config.allowUnauthenticatedChecks());
        assertTrue(config.adminToken().isEmpty() && config.publicUrl().isEmpty() && config.mqtt().url().isEmpty());
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFileWhichBeatsDefaults() throws Exception {
        Path file = file("server.port=1001", "server.bind=10.0.0.1", "data.dir=/srv/file", "links.ttl=2m");
        Map<String, String> env = Map.of("VOYAGER_PORT", "1002", "VOYAGER_DATA_DIR", "/srv/env");
        Map<Key, String> flags = Map.of(Key.PORT, "1003");

        ServerConfig all = ServerConfigLoader.load(Optional.of(file), env, flags);
        assertEquals(1003, all.port());
        assertEquals(Path.of("/srv/env"), all.dataDir());
        assertEquals("10.0.0.1", all.bindAddress());
        assertEquals(Duration.ofMinutes(2), all.linkTtl());
        assertEquals(Duration.ofSeconds(10), all.shutdownGrace());

        assertEquals(1002, ServerConfigLoader.load(Optional.of(file), env, Map.of()).port());
        assertEquals(1001, ServerConfigLoader.load(Optional.of(file), Map.of(), Map.of()).port());
        // An empty value counts as not set, so it does not hide the level below.
        assertEquals(1001, ServerConfigLoader.load(Optional.of(file), Map.of("VOYAGER_PORT", " "), Map.of()).port());
    }

    @Test
    void everyKeyIsReadFromTheFile() throws Exception {
        Path file = file("server.bind=127.0.0.1", "server.port=9090", "server.base-path=/ota/v2",
                "server.public-url=https://ota.example.com", "server.shutdown-grace=PT30S", "data.dir=/var/lib/v",
                "storage.type=FS", "admin.token=" + TOKEN, "http.allow-unauthenticated-checks=TRUE",
                "links.ttl=1h", "mqtt.url=tcp://broker:1883", "mqtt.username=voyager", "mqtt.password=pw-0123",
                "mqtt.triggers-per-second=2500",
                "offer.key-file=/etc/voyager/offer.pem",
                "offer.key-endorsements=/etc/voyager/offer-2.endorsement, /etc/voyager/offer-3.endorsement",
                "database.url=jdbc:postgresql://db:5432/voyager?password=in-the-url", "database.username=voyager",
                "database.password=db-secret-1", "database.pool-size=20", "database.connection-timeout=3s",
                "links.key-file=/etc/voyager/link.key", "housekeeping.enabled=false", "housekeeping.interval=15m",
                "housekeeping.unreferenced-grace=2d", "housekeeping.deleted-retention=7d",
                "outbox.fanout-lease=15s", "server.metrics=true", "server.http-engine=jdk",
                "rollouts.pause-at-failure-rate=0.3", "rollouts.min-sample=20", "rollouts.window-devices=200",
                "rollouts.window=2h");
        ServerConfig c = ServerConfigLoader.load(Optional.of(file), Map.of(), Map.of());
        assertEquals(new ServerConfig("127.0.0.1", 9090, "/ota/v2", Optional.of(URI.create("https://ota.example.com")),
                Path.of("/var/lib/v"), ServerConfig.StorageType.FS, S3Settings.none(), Optional.of(TOKEN),
                Optional.empty(), true,
                Duration.ofSeconds(30), Duration.ofHours(1), new MqttSettings(Optional.of(URI.create(
                "tcp://broker:1883")), Optional.of("voyager"), Optional.of("pw-0123"), 2500),
                Optional.of(Path.of("/etc/voyager/offer.pem")),
                List.of(Path.of("/etc/voyager/offer-2.endorsement"), Path.of("/etc/voyager/offer-3.endorsement")),
                AlertSettings.none(), new RolloutSettings(0.3, 20, OptionalInt.of(200), Duration.ofHours(2)),
                new DatabaseSettings(Optional.of("jdbc:postgresql://db:5432/voyager?password=in-the-url"),
                Optional.of("voyager"), Optional.of("db-secret-1"), Optional.empty(), 20, Duration.ofSeconds(3)),
                Optional.of(Path.of("/etc/voyager/link.key")), new HousekeepingConfig(false, Duration.ofMinutes(15),
                Duration.ofDays(2), Duration.ofDays(7)), Duration.ofSeconds(15), true, HttpEngine.JDK), c);
        assertFalse(c.toString().contains(TOKEN), "toString must hide the token: " + c);
        assertFalse(c.toString().contains("db-secret-1"), "toString must hide the database password: " + c);
        assertFalse(c.toString().contains("in-the-url"), "toString must hide a password in the URL: " + c);
        assertFalse(c.toString().contains("pw-0123"), "toString must hide the MQTT password: " + c);
    }

    @Test
    void alertSettingsAreReadCheckedAndTheirSecretHidden() throws Exception {
        String secret = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        Path file = file("alerts.webhook-url=https://hooks.example.com/services/T/B/path-token",
                "alerts.webhook-secret=" + secret, "alerts.format=slack", "alerts.rules=rollout-paused, outbox-failed",
                "alerts.webhook-timeout=5s", "alerts.success-rate-below=0.95", "alerts.failure-burst=3",
                "alerts.failure-burst-window=15m");
        ServerConfig c = ServerConfigLoader.load(Optional.of(file), Map.of(), Map.of());
        AlertSettings a = c.alerts();
        var webhook = a.webhook().orElseThrow();
        assertEquals(URI.create("https://hooks.example.com/services/T/B/path-token"), webhook.url());
        assertEquals(secret, webhook.secret().orElseThrow().reveal());
        assertEquals(io.voyagerota.transport.http.webhook.WebhookFormat.SLACK, webhook.format());
        assertEquals(java.util.Set.of(io.voyagerota.transport.http.webhook.AlertRule.ROLLOUT_PAUSED,
                io.voyagerota.transport.http.webhook.AlertRule.OUTBOX_FAILED), webhook.rules());
        assertEquals(Duration.ofSeconds(5), webhook.timeout());
        assertEquals(new io.voyagerota.rollout.RolloutGuard(0.2, 10, 0.95, 3, Duration.ofMinutes(15)), a.guard());
        assertFalse(c.toString().contains(secret.substring(6)), c.toString());
        assertFalse(c.toString().contains("path-token"), c.toString());
        assertEquals(c, c.toBuilder().build());

        ConfigException badSecret = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(
                Optional.empty(), Map.of("VOYAGER_ALERTS_WEBHOOK_URL", "https://h.example.com/x",
                        "VOYAGER_ALERTS_WEBHOOK_SECRET", "whsec_tooShort"), Map.of()));
        assertTrue(badSecret.getMessage().startsWith("alerts.webhook-secret: the webhook secret holds"),
                badSecret.getMessage());
        assertTrue(badSecret.getMessage().contains("value hidden"), badSecret.getMessage());
        assertFalse(badSecret.getMessage().contains("tooShort"), badSecret.getMessage());
        ConfigException alone = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(Optional.empty(),
                Map.of("VOYAGER_ALERTS_WEBHOOK_SECRET", secret), Map.of()));
        assertTrue(alone.getMessage().startsWith("alerts.webhook-secret is set but alerts.webhook-url is not"),
                alone.getMessage());
        assertMessage("alerts.format: webhook format 'teams' is not known", Key.ALERTS_FORMAT, "teams");
        assertMessage("alerts.rules: alert rule 'everything' is not known", Key.ALERTS_RULES, "everything");
        assertMessage("alerts.success-rate-below: alertBelowSuccessRate is 1.5", Key.ALERTS_SUCCESS_RATE_BELOW,
                "1.5");
        assertMessage("alerts.webhook-url: the webhook URL must be an absolute http or https URL",
                Key.ALERTS_WEBHOOK_URL, "mailto:ops@example.com");
        assertEquals(AlertSettings.none().guard(), io.voyagerota.rollout.RolloutGuard.defaults());
    }

    @Test
    void thePauseRuleIsReadFromFileAndEnvironmentAndMergedWithTheAlertThresholds() throws Exception {
        Path file = file("rollouts.pause-at-failure-rate=0.35", "rollouts.min-sample=25",
                "rollouts.window-devices=400", "alerts.success-rate-below=0.8");
        ServerConfig c = ServerConfigLoader.load(Optional.of(file), Map.of("VOYAGER_ROLLOUTS_WINDOW", "30m"),
                Map.of());
        assertEquals(new io.voyagerota.rollout.RolloutGuard(0.35, 25, 0.8, 10, Duration.ofHours(1), 400,
                Duration.ofMinutes(30)), c.rollouts().guard(c.alerts()));
        assertEquals(c, c.toBuilder().build());
        assertEquals(io.voyagerota.rollout.RolloutGuard.defaults(),
                ServerConfig.defaults().rollouts().guard(ServerConfig.defaults().alerts()));

        // Raising the sample alone widens the default device window with it rather than making the config invalid.
        ServerConfig big = ServerConfigLoader.load(Optional.empty(), Map.of("VOYAGER_ROLLOUTS_MIN_SAMPLE", "250"),
                Map.of());
        assertEquals(250, big.rollouts().guard(big.alerts()).windowDevices());
    }

    @Test
    void aBadPauseRuleNamesItsKey() {
        assertMessage("rollouts.pause-at-failure-rate: pauseAtFailureRate is 0.0 but must be above 0",
                Key.ROLLOUTS_PAUSE_AT_FAILURE_RATE, "0");
        assertMessage("rollouts.pause-at-failure-rate: pauseAtFailureRate is 1.5", Key.ROLLOUTS_PAUSE_AT_FAILURE_RATE,
                "1.5");
        assertMessage("rollouts.pause-at-failure-rate must be a decimal number", Key.ROLLOUTS_PAUSE_AT_FAILURE_RATE,
                "20%");
        assertMessage("rollouts.min-sample: minSample is 0 but must be between 1 and 1000000", Key.ROLLOUTS_MIN_SAMPLE,
                "0");
        assertMessage("rollouts.min-sample must be a whole number", Key.ROLLOUTS_MIN_SAMPLE, "ten");
        assertMessage("rollouts.window-devices: windowDevices is 5 but must be at least minSample (10)",
                Key.ROLLOUTS_WINDOW_DEVICES, "5");
        assertMessage("rollouts.window: window must be positive", Key.ROLLOUTS_WINDOW, "0s");
        assertMessage("rollouts.window", Key.ROLLOUTS_WINDOW, "an hour");

        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(Optional.empty(),
                Map.of("VOYAGER_ROLLOUTS_MIN_SAMPLE", "50", "VOYAGER_ROLLOUTS_WINDOW_DEVICES", "40"), Map.of()));
        assertTrue(e.getMessage().startsWith("rollouts.window-devices: windowDevices is 40 but must be at least"
                + " minSample (50)"), e.getMessage());
    }

    @Test
    void everyKeyHasAnEnvironmentVariable() {
        for (Key key : Key.values()) {
            assertTrue(key.env().startsWith("VOYAGER_"), key.env());
            assertFalse(key.description().isBlank());
        }
        // Each key is documented for operators.
        assertEquals(Key.values().length, Arrays.stream(Key.values()).map(Key::property).distinct().count());
    }

    @Test
    void aBadValueNamesTheKeyTheSourceAndWhatIsAllowed() throws Exception {
        ConfigException env = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(Optional.empty(),
                Map.of("VOYAGER_PORT", "80a"), Map.of()));
        assertEquals("server.port must be a whole number such as 8080 (value \"80a\" from environment variable"
                + " VOYAGER_PORT)", env.getMessage());

        ConfigException flag = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(Optional.empty(),
                Map.of(), Map.of(Key.PORT, "70000")));
        assertTrue(flag.getMessage().startsWith("server.port must be between 0 and 65535"), flag.getMessage());
        assertTrue(flag.getMessage().endsWith("(value \"70000\" from flag --port)"), flag.getMessage());

        Path file = file("server.shutdown-grace=soon");
        ConfigException fromFile = assertThrows(ConfigException.class,
                () -> ServerConfigLoader.load(Optional.of(file), Map.of(), Map.of()));
        assertTrue(fromFile.getMessage().startsWith("server.shutdown-grace must be a duration"), fromFile.getMessage());
        assertTrue(fromFile.getMessage().contains("from " + file + " (server.shutdown-grace)"), fromFile.getMessage());

        assertMessage("server.shutdown-grace must be between 0s and 10m", Key.SHUTDOWN_GRACE, "11m");
        assertMessage("links.ttl must be between 1s and 7d", Key.LINK_TTL, "500ms");
        assertMessage("outbox.fanout-lease must be between 1s and 1h, not 500ms", Key.FANOUT_LEASE, "500ms");
        assertMessage("outbox.fanout-lease must be between 1s and 1h, not 2h", Key.FANOUT_LEASE, "2h");
        assertMessage("outbox.fanout-lease must be a duration", Key.FANOUT_LEASE, "soon");
        assertMessage("server.base-path must be empty or '/'-separated segments", Key.BASE_PATH, "/v1/");
        assertMessage("server.base-path must be empty or '/'-separated segments", Key.BASE_PATH, "/../etc");
        assertMessage("server.public-url must be an http or https URL", Key.PUBLIC_URL, "ota.example.com");
        assertMessage("server.public-url must be an http or https URL", Key.PUBLIC_URL, "https://ota.example.com/");
        assertMessage("storage.type must be one of: fs, s3", Key.STORAGE, "nfs");
        assertMessage("http.allow-unauthenticated-checks must be true or false", Key.ALLOW_UNAUTHENTICATED_CHECKS,
                "yes please");
        assertMessage("mqtt.url must be a broker URL", Key.MQTT_URL, "http://broker");
        assertMessage("server.bind must be an IP address or host name", Key.BIND, "1.2.3.4 5");
        assertMessage("admin.token-sha256 must be 64 lowercase hex digits", Key.ADMIN_TOKEN_SHA256, "abc");
        assertMessage("housekeeping.unreferenced-grace must be at least 1h, not 5m (value",
                Key.HOUSEKEEPING_UNREFERENCED_GRACE, "5m");
        assertMessage("housekeeping.interval must be at least 1m, not 10s", Key.HOUSEKEEPING_INTERVAL, "10s");
        assertMessage("housekeeping.deleted-retention must be a duration", Key.HOUSEKEEPING_DELETED_RETENTION, "a month");
        assertMessage("housekeeping.enabled must be true or false", Key.HOUSEKEEPING_ENABLED, "sometimes");
        assertMessage("mqtt.triggers-per-second must be between 1 and 1000000, not 0.5",
                Key.MQTT_TRIGGERS_PER_SECOND, "0.5");
    }

    private static void assertMessage(String start, Key key, String value) {
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(Optional.empty(),
                Map.of(key.env(), value), Map.of()), key + "=" + value);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
        assertTrue(e.getMessage().contains("from environment variable " + key.env()), e.getMessage());
    }

    @Test
    void aWeakTokenIsRefusedWithoutEchoingIt() {
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(Optional.empty(),
                Map.of("VOYAGER_ADMIN_TOKEN", "hunter2"), Map.of()));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(e.getMessage().startsWith("admin.token must be 32 to 512 printable characters"), e.getMessage());
        assertTrue(e.getMessage().contains("value hidden from environment variable VOYAGER_ADMIN_TOKEN"),
                e.getMessage());
    }

    @Test
    void aTokenAndATokenHashTogetherAreRefusedNamingBothSources() throws Exception {
        Path file = file("admin.token-sha256=" + "a".repeat(64));
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(Optional.of(file),
                Map.of("VOYAGER_ADMIN_TOKEN", TOKEN), Map.of()));
        assertTrue(e.getMessage().startsWith("admin.token and admin.token-sha256 are both set"), e.getMessage());
        assertTrue(e.getMessage().contains("admin.token from environment variable VOYAGER_ADMIN_TOKEN"),
                e.getMessage());
        assertTrue(e.getMessage().contains("admin.token-sha256 from " + file), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
    }

    @Test
    void mqttCredentialsNeedEachOtherAndABroker() {
        ConfigException alone = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(Optional.empty(),
                Map.of("VOYAGER_MQTT_USERNAME", "voyager", "VOYAGER_MQTT_PASSWORD", "secret-pw"), Map.of()));
        assertTrue(alone.getMessage().startsWith("mqtt.username is set but mqtt.url is not"), alone.getMessage());
        assertFalse(alone.getMessage().contains("secret-pw"), alone.getMessage());
        ConfigException half = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(Optional.empty(),
                Map.of("VOYAGER_MQTT_URL", "tcp://b:1883"), Map.of(Key.MQTT_USERNAME, "voyager")));
        assertTrue(half.getMessage().startsWith("mqtt.username and mqtt.password go together"), half.getMessage());
        assertTrue(half.getMessage().contains("mqtt.username from flag --mqtt-username"), half.getMessage());
    }

    @Test
    void s3StorageIsConfiguredByItsOwnKeys() throws Exception {
        Path file = file("storage.type=s3", "storage.s3.bucket=acme-firmware", "storage.s3.prefix=ota/prod/",
                "storage.s3.endpoint=https://minio.example.com:9000", "storage.s3.region=eu-west-1",
                "storage.s3.path-style=true", "storage.s3.access-key-id=AKIA0", "storage.s3.secret-access-key=s3cr3t",
                "storage.s3.direct-downloads=true", "storage.s3.stale-upload-age=6h");
        ServerConfig c = ServerConfigLoader.load(Optional.of(file), Map.of(), Map.of());
        assertEquals(ServerConfig.StorageType.S3, c.storage());
        assertEquals(new S3Settings(Optional.of("acme-firmware"), "ota/prod/",
                Optional.of(URI.create("https://minio.example.com:9000")), Optional.of("eu-west-1"), true,
                Optional.of("AKIA0"), Optional.of("s3cr3t"), true, Duration.ofHours(6)), c.s3());
        assertFalse(c.toString().contains("s3cr3t"), c.toString());

        ConfigException noBucket = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(Optional.empty(),
                Map.of("VOYAGER_STORAGE", "s3"), Map.of()));
        assertTrue(noBucket.getMessage().startsWith("storage.type is s3 but storage.s3.bucket is not set"),
                noBucket.getMessage());
        assertMessage("storage.s3.bucket: bucket \"Bad_Bucket\" is not valid", Key.S3_BUCKET, "Bad_Bucket");
        assertMessage("storage.s3.endpoint: endpoint", Key.S3_ENDPOINT, "ftp://minio");
        ConfigException halfKey = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(Optional.empty(),
                Map.of("VOYAGER_S3_SECRET_ACCESS_KEY", "only-the-secret"), Map.of()));
        assertTrue(halfKey.getMessage().startsWith("storage.s3.access-key-id and storage.s3.secret-access-key go"
                + " together"), halfKey.getMessage());
        assertFalse(halfKey.getMessage().contains("only-the-secret"), halfKey.getMessage());
    }

    @Test
    void unknownKeysAndMissingFilesAreRefused() throws Exception {
        Path typo = file("sever.port=8081");
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> ServerConfigLoader.load(Optional.of(typo), Map.of(), Map.of()));
        assertTrue(unknown.getMessage().contains("unknown key \"sever.port\""), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("server.port"), unknown.getMessage());

        ConfigException missing = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(
                Optional.of(dir.resolve("absent.properties")), Map.of(), Map.of()));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void anUnknownHttpEngineIsRefusedWithTheNamesThatWork() {
        ConfigException refused = assertThrows(ConfigException.class, () -> load(Key.HTTP_ENGINE, "tomcat"));
        assertTrue(refused.getMessage().contains("server.http-engine \"tomcat\" is not one of " + HttpEngine.names()),
                refused.getMessage());
        assertEquals(HttpEngine.JDK, load(Key.HTTP_ENGINE, " JDK ").httpEngine());
    }

    @Test
    void durationsReadAsPeopleWriteThem() {
        assertEquals(Duration.ofMillis(1500), load(Key.SHUTDOWN_GRACE, "1500ms").shutdownGrace());
        assertEquals(Duration.ofSeconds(7), load(Key.SHUTDOWN_GRACE, "7").shutdownGrace());
        assertEquals(Duration.ofSeconds(0), load(Key.SHUTDOWN_GRACE, "0s").shutdownGrace());
        assertEquals(Duration.ofDays(7), load(Key.LINK_TTL, "7d").linkTtl());
        assertEquals(Duration.ofMinutes(90), load(Key.LINK_TTL, "PT1H30M").linkTtl());
    }

    private static ServerConfig load(Key key, String value) {
        return ServerConfigLoader.load(Optional.empty(), Map.of(), Map.of(key, value));
    }

    @Test
    void theBuilderChecksEachValueWhenSet() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ServerConfig.builder().port(-1));
        assertTrue(e.getMessage().startsWith("server.port"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> ServerConfig.builder().shutdownGrace(Duration.ofSeconds(-1)));
        assertThrows(InvalidInputException.class, () -> ServerConfig.builder().fanoutLease(Duration.ofMillis(999)));
        assertEquals(Duration.ofSeconds(5), ServerConfigLoader.load(Optional.empty(),
                Map.of("VOYAGER_OUTBOX_FANOUT_LEASE", "5s"), Map.of()).fanoutLease(), "from the environment");
        ServerConfig c = ServerConfig.builder().port(0).basePath("").build();
        assertEquals(c, c.toBuilder().build());
    }

    @Test
    void badDatabaseSettingsNameTheKeyAndNeverShowThePassword() {
        ConfigException mysql = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(Optional.empty(),
                Map.of("VOYAGER_DATABASE_URL", "jdbc:mysql://db/voyager?password=hunter2-db"), Map.of()));
        assertTrue(mysql.getMessage().startsWith("database.url must be a PostgreSQL or H2 JDBC URL"), mysql.getMessage());
        assertFalse(mysql.getMessage().contains("hunter2-db"), mysql.getMessage());
        ConfigException both = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(Optional.empty(),
                Map.of("VOYAGER_DATABASE_URL", "jdbc:postgresql://db/voyager", "VOYAGER_DATABASE_PASSWORD",
                        "hunter2-db", "VOYAGER_DATABASE_PASSWORD_FILE", "/run/secrets/db"), Map.of()));
        assertTrue(both.getMessage().contains("database.password and database.password-file are both set"),
                both.getMessage());
        assertFalse(both.getMessage().contains("hunter2-db"), both.getMessage());
        ConfigException noUrl = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(Optional.empty(),
                Map.of("VOYAGER_DATABASE_USERNAME", "voyager"), Map.of()));
        assertTrue(noUrl.getMessage().contains("database.url is not"), noUrl.getMessage());
        ConfigException pool = assertThrows(ConfigException.class, () -> ServerConfigLoader.load(Optional.empty(),
                Map.of("VOYAGER_DATABASE_POOL_SIZE", "0"), Map.of()));
        assertTrue(pool.getMessage().startsWith("database.pool-size must be between 1 and 500"), pool.getMessage());
    }
}
