package io.voyagerota.server;

import io.voyagerota.InvalidInputException;
import io.voyagerota.housekeeping.HousekeepingConfig;
import io.voyagerota.VoyagerConfig;
import io.voyagerota.server.internal.Durations;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The settings of {@code voyager serve}, each with a default ({@link #defaults()}). Every value is validated when
 * set; a message names the configuration key, as {@code voyager.properties} spells it. {@link ServerConfigLoader}
 * reads them from a file, the environment and flags.
 *
 * @param bindAddress                the address to listen on ({@code 0.0.0.0}: every interface)
 * @param port                       the port to listen on (8080); 0 picks a free one
 * @param basePath                   where the device and admin APIs live ({@code /v1})
 * @param publicUrl                  the server's address as devices reach it, for absolute download links; empty
 *                                   means links are paths, relative to the server a device checked with
 * @param dataDir                    where the database, artifacts and secrets live ({@code ./voyager-data})
 * @param storage                    the artifact storage
 * @param s3                         where {@code storage.type=s3} keeps artifacts
 * @param adminToken                 an admin token to accept, stored only as its SHA-256
 * @param adminTokenSha256           the SHA-256 (hex) of an admin token to accept, for configs that should not
 *                                   hold the token itself
 * @param allowUnauthenticatedChecks answer update checks without a device credential: development only
 * @param shutdownGrace              how long requests in progress may take to finish on shutdown (10 s)
 * @param linkTtl                    how long a download link in an offer stays valid (5 minutes)
 * @param mqtt                       the MQTT broker for push triggers and device reports ({@code mqtt.*})
 * @param offerKeyFile               a PEM file holding the offer key that signs offers; empty means the key the
 *                                   server generates once and keeps in its data directory
 * @param offerKeyEndorsements       endorsement files ({@code voyager keys endorse}) served to devices that meet a
 *                                   rotated offer key: the current key's, and those of earlier rotations
 * @param alerts                     where alerts go ({@code alerts.*}) and the thresholds that raise them
 * @param rollouts                   the pause rule of rollouts without a guard of their own ({@code rollouts.*})
 * @param database                   the database ({@code database.*}): embedded H2, or a shared PostgreSQL
 * @param linkKeyFile                a file holding the key download links are signed with; empty means the key the
 *                                   server generates once and keeps in its data directory. Every node of a cluster
 *                                   needs the same one.
 * @param housekeeping               when storage housekeeping runs and what it purges ({@code housekeeping.*})
 * @param fanoutLease                how long a node holds the fan-out chunk it claimed (1 minute): the longest the
 *                                   devices of a chunk wait when the node delivering it dies
 * @param metrics                    serve the meters in Prometheus text at {@code /metrics} (off by default)
 * @param httpEngine                 the HTTP server in front of the APIs
 */
public record ServerConfig(String bindAddress, int port, String basePath, Optional<URI> publicUrl, Path dataDir,
                           StorageType storage, S3Settings s3, Optional<String> adminToken, Optional<String> adminTokenSha256,
                           boolean allowUnauthenticatedChecks, Duration shutdownGrace, Duration linkTtl,
                           MqttSettings mqtt, Optional<Path> offerKeyFile, List<Path> offerKeyEndorsements,
                           AlertSettings alerts, RolloutSettings rollouts,
                           DatabaseSettings database, Optional<Path> linkKeyFile, HousekeepingConfig housekeeping,
                           Duration fanoutLease, boolean metrics, HttpEngine httpEngine) {
    /** Where artifacts are kept. */
    public enum StorageType {
        /** Files under {@code <data dir>/artifacts}. */
        FS,
        /** An S3 bucket, or an S3-compatible store: {@link S3Settings}. */
        S3;

        /** The name used in configuration: {@code fs}, {@code s3}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ServerConfig {
        ServerConfigChecks.bindAddress(bindAddress);
        ServerConfigChecks.port(port);
        ServerConfigChecks.basePath(basePath);
        ServerConfigChecks.publicUrl(publicUrl);
        ServerConfigChecks.required(dataDir, "data.dir");
        ServerConfigChecks.required(storage, "storage.type");
        ServerConfigChecks.required(s3, "storage.s3");
        if (storage == StorageType.S3 && s3.bucket().isEmpty()) {
            throw new InvalidInputException("storage.type is s3 but storage.s3.bucket is not set; name the bucket");
        }
        if (s3.accessKeyId().isPresent() != s3.secretAccessKey().isPresent()) {
            throw new InvalidInputException("storage.s3.access-key-id and storage.s3.secret-access-key go together;"
                    + " set both, or neither to use the AWS default credential chain");
        }
        ServerConfigChecks.adminToken(adminToken);
        ServerConfigChecks.adminTokenSha256(adminTokenSha256);
        if (adminToken.isPresent() && adminTokenSha256.isPresent()) {
            throw new InvalidInputException("admin.token and admin.token-sha256 are both set; set one of them");
        }
        ServerConfigChecks.shutdownGrace(shutdownGrace);
        ServerConfigChecks.linkTtl(linkTtl);
        ServerConfigChecks.required(mqtt, "mqtt").checkComplete();
        ServerConfigChecks.required(offerKeyFile, "offer.key-file");
        offerKeyEndorsements = List.copyOf(ServerConfigChecks.required(offerKeyEndorsements, "offer.key-endorsements"));
        ServerConfigChecks.required(alerts, "alerts");
        ServerConfigChecks.required(rollouts, "rollouts");
        ServerConfigChecks.required(housekeeping, "housekeeping");
        ServerConfigChecks.required(database, "database");
        ServerConfigChecks.required(linkKeyFile, "links.key-file");
        ServerConfigChecks.fanoutLease(fanoutLease);
        ServerConfigChecks.required(httpEngine, "server.http-engine");
        if (alerts.webhookSecret().isPresent() && alerts.webhookUrl().isEmpty()) {
            throw new InvalidInputException("alerts.webhook-secret is set but alerts.webhook-url is not; set the"
                    + " webhook's URL too");
        }
    }

    /** Every setting at its default. */
    public static ServerConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A copy to change some settings of. */
    public Builder toBuilder() {
        return new Builder().bindAddress(bindAddress).port(port).basePath(basePath).publicUrl(publicUrl)
                .dataDir(dataDir).storage(storage).s3(s3).adminToken(adminToken).adminTokenSha256(adminTokenSha256)
                .allowUnauthenticatedChecks(allowUnauthenticatedChecks).shutdownGrace(shutdownGrace).linkTtl(linkTtl)
                .mqtt(mqtt).offerKeyFile(offerKeyFile).offerKeyEndorsements(offerKeyEndorsements).alerts(alerts)
                .rollouts(rollouts).database(database).linkKeyFile(linkKeyFile)
                .housekeeping(h -> housekeeping).fanoutLease(fanoutLease).metrics(metrics)
                .httpEngine(httpEngine);
    }

    /** Never shows the admin token. */
    @Override
    public String toString() {
        return "ServerConfig[bind=" + bindAddress + ", port=" + port + ", basePath=" + basePath + ", publicUrl="
                + publicUrl.map(URI::toString).orElse("(none)") + ", dataDir=" + dataDir + ", storage="
                + storage.configName() + ", s3=" + s3 + ", adminToken=" + (adminToken.isPresent() ? "(set)" : "(none)")
                + ", adminTokenSha256=" + (adminTokenSha256.isPresent() ? "(set)" : "(none)")
                + ", allowUnauthenticatedChecks=" + allowUnauthenticatedChecks + ", shutdownGrace=" + shutdownGrace
                + ", linkTtl=" + linkTtl + ", mqtt=" + mqtt + ", offerKeyFile="
                + offerKeyFile.map(Path::toString).orElse("(data dir)") + ", offerKeyEndorsements="
                + offerKeyEndorsements + ", alerts=" + alerts + ", rollouts=" + rollouts + ", database=" + database
                + ", linkKeyFile=" + linkKeyFile.map(Path::toString).orElse("(data dir)") + ", housekeeping="
                + housekeeping + ", fanoutLease=" + fanoutLease + ", metrics=" + metrics + ", httpEngine="
                + httpEngine.configName() + "]";
    }

    /** Builds a {@link ServerConfig}; every setting starts at its default and is checked when set. */
    public static final class Builder {
        private String bindAddress = "0.0.0.0";
        private int port = 8080;
        private String basePath = "/v1";
        private Optional<URI> publicUrl = Optional.empty();
        private Path dataDir = Path.of("voyager-data");
        private StorageType storage = StorageType.FS;
        private S3Settings s3 = S3Settings.none();
        private Optional<String> adminToken = Optional.empty();
        private Optional<String> adminTokenSha256 = Optional.empty();
        private boolean allowUnauthenticatedChecks;
        private Duration shutdownGrace = Duration.ofSeconds(10);
        private Duration linkTtl = Duration.ofMinutes(5);
        private MqttSettings mqtt = MqttSettings.none();
        private Optional<Path> offerKeyFile = Optional.empty();
        private List<Path> offerKeyEndorsements = List.of();
        private AlertSettings alerts = AlertSettings.none();
        private RolloutSettings rollouts = RolloutSettings.defaults();
        private DatabaseSettings database = DatabaseSettings.embedded();
        private HousekeepingConfig housekeeping = HousekeepingConfig.defaults();
        private Optional<Path> linkKeyFile = Optional.empty();
        private Duration fanoutLease = VoyagerConfig.defaults().fanoutLease();
        private boolean metrics;
        private HttpEngine httpEngine = HttpEngine.DEFAULT;

        private Builder() {
        }

        public Builder bindAddress(String value) {
            bindAddress = ServerConfigChecks.bindAddress(value);
            return this;
        }

        public Builder port(int value) {
            port = ServerConfigChecks.port(value);
            return this;
        }

        public Builder basePath(String value) {
            basePath = ServerConfigChecks.basePath(value);
            return this;
        }

        public Builder publicUrl(Optional<URI> value) {
            publicUrl = ServerConfigChecks.publicUrl(value);
            return this;
        }

        public Builder dataDir(Path value) {
            dataDir = ServerConfigChecks.required(value, "data.dir");
            return this;
        }

        public Builder storage(StorageType value) {
            storage = ServerConfigChecks.required(value, "storage.type");
            return this;
        }

        public Builder s3(S3Settings value) {
            s3 = ServerConfigChecks.required(value, "storage.s3");
            return this;
        }

        /** Changes one S3 setting, such as {@code s -> s.withBucket("firmware")}. */
        public Builder s3(UnaryOperator<S3Settings> change) {
            return s3(change.apply(s3));
        }

        public Builder adminToken(Optional<String> value) {
            adminToken = ServerConfigChecks.adminToken(value);
            return this;
        }

        public Builder adminTokenSha256(Optional<String> value) {
            adminTokenSha256 = ServerConfigChecks.adminTokenSha256(value);
            return this;
        }

        /** Development only: answers update checks without a device credential. */
        public Builder allowUnauthenticatedChecks(boolean value) {
            allowUnauthenticatedChecks = value;
            return this;
        }

        public Builder shutdownGrace(Duration value) {
            shutdownGrace = ServerConfigChecks.shutdownGrace(value);
            return this;
        }

        public Builder linkTtl(Duration value) {
            linkTtl = ServerConfigChecks.linkTtl(value);
            return this;
        }

        public Builder mqtt(MqttSettings value) {
            mqtt = ServerConfigChecks.required(value, "mqtt");
            return this;
        }

        /** Changes one MQTT setting, such as {@code m -> m.withUrl(URI.create("tcp://broker:1883"))}. */
        public Builder mqtt(UnaryOperator<MqttSettings> change) {
            return mqtt(change.apply(mqtt));
        }

        /** The offer key's PEM file, instead of the one kept in the data directory. */
        public Builder offerKeyFile(Optional<Path> value) {
            offerKeyFile = ServerConfigChecks.required(value, "offer.key-file");
            return this;
        }

        /** Endorsement files of rotated offer keys, served at {@code /v1/offer-keys/{keyId}}. */
        public Builder offerKeyEndorsements(List<Path> value) {
            offerKeyEndorsements = List.copyOf(ServerConfigChecks.required(value, "offer.key-endorsements"));
            return this;
        }

        public Builder alerts(AlertSettings value) {
            alerts = ServerConfigChecks.required(value, "alerts");
            return this;
        }

        /** Changes one alert setting, such as {@code a -> a.withFormat("slack")}. */
        public Builder alerts(UnaryOperator<AlertSettings> change) {
            return alerts(change.apply(alerts));
        }

        public Builder rollouts(RolloutSettings value) {
            rollouts = ServerConfigChecks.required(value, "rollouts");
            return this;
        }

        /** Changes one rollout setting, such as {@code r -> r.withMinSample(50)}. */
        public Builder rollouts(UnaryOperator<RolloutSettings> change) {
            return rollouts(change.apply(rollouts));
        }

        public Builder database(DatabaseSettings value) {
            database = ServerConfigChecks.required(value, "database");
            return this;
        }

        /** Changes one database setting, such as {@code d -> d.withUrl("jdbc:postgresql://db/voyager")}. */
        public Builder database(UnaryOperator<DatabaseSettings> change) {
            return database(change.apply(database));
        }

        /** The download-link key's file, instead of the one kept in the data directory. */
        public Builder linkKeyFile(Optional<Path> value) {
            linkKeyFile = ServerConfigChecks.required(value, "links.key-file");
            return this;
        }

        /** Changes a housekeeping setting, such as {@code h -> h.withDeletedRetention(Duration.ofDays(7))}. */
        public Builder housekeeping(UnaryOperator<HousekeepingConfig> change) {
            housekeeping = ServerConfigChecks.required(change.apply(housekeeping), "housekeeping");
            return this;
        }

        /** How long a node holds the fan-out chunk it claimed. */
        public Builder fanoutLease(Duration value) {
            fanoutLease = ServerConfigChecks.fanoutLease(value);
            return this;
        }

        /** Serves the meters in Prometheus text at {@code /metrics}. */
        public Builder metrics(boolean value) {
            metrics = value;
            return this;
        }

        /** The HTTP server in front of the APIs. */
        public Builder httpEngine(HttpEngine value) {
            httpEngine = ServerConfigChecks.required(value, "server.http-engine");
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(bindAddress, port, basePath, publicUrl, dataDir, storage, s3, adminToken,
                    adminTokenSha256, allowUnauthenticatedChecks, shutdownGrace, linkTtl, mqtt, offerKeyFile,
                    offerKeyEndorsements, alerts, rollouts, database, linkKeyFile, housekeeping, fanoutLease,
                    metrics, httpEngine);
        }
    }
}
