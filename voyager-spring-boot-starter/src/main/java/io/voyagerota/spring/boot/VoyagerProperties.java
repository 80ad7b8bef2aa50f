package io.voyagerota.spring.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code voyager.*} settings of the auto-configuration. Every one has a default, so an application with a
 * {@code DataSource} starts with none set; production sets at least {@code voyager.links.secret},
 * {@code voyager.offer.key-file} and an admin token.
 */
@ConfigurationProperties(prefix = "voyager")
public class VoyagerProperties {
    /** Whether to set up Voyager at all. */
    private boolean enabled = true;
    /**
     * Whether the HTTP and MQTT transports put voyager.deviceId and voyager.releaseId into SLF4J's MDC while they
     * handle a device's request or message, for a log pattern such as %X{voyager.deviceId}.
     */
    private boolean logContext;
    private final Http http = new Http();
    private final Jdbc jdbc = new Jdbc();
    private final Storage storage = new Storage();
    private final Links links = new Links();
    private final Offer offer = new Offer();
    private final Admin admin = new Admin();
    private final Mqtt mqtt = new Mqtt();
    private final Metrics metrics = new Metrics();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean isLogContext() {
        return logContext;
    }

    public void setLogContext(boolean logContext) {
        this.logContext = logContext;
    }

    public Http getHttp() {
        return http;
    }

    public Jdbc getJdbc() {
        return jdbc;
    }

    public Storage getStorage() {
        return storage;
    }

    public Links getLinks() {
        return links;
    }

    public Offer getOffer() {
        return offer;
    }

    public Admin getAdmin() {
        return admin;
    }

    public Mqtt getMqtt() {
        return mqtt;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    /** Where the device and admin APIs are mounted on the application's servlet container. */
    public static class Http {
        /** The path of the device and admin APIs, within the application's context path. */
        private String basePath = "/v1";
        /** Development only: answer update checks without a device credential. */
        private boolean allowUnauthenticatedChecks;

        public String getBasePath() {
            return basePath;
        }

        public void setBasePath(String basePath) {
            this.basePath = basePath;
        }

        public boolean isAllowUnauthenticatedChecks() {
            return allowUnauthenticatedChecks;
        }

        public void setAllowUnauthenticatedChecks(boolean allowUnauthenticatedChecks) {
            this.allowUnauthenticatedChecks = allowUnauthenticatedChecks;
        }
    }

    /** The registry on the application's DataSource. */
    public static class Jdbc {
        /** Whether to apply Voyager's schema migrations at start (its tables are prefixed voyager_). */
        private boolean migrate = true;

        public boolean isMigrate() {
            return migrate;
        }

        public void setMigrate(boolean migrate) {
            this.migrate = migrate;
        }
    }

    /** Where artifacts are kept: a directory, or S3. */
    public static class Storage {
        /** fs: files under storage.fs.directory; s3: a bucket, through the application's S3Client or storage.s3.*. */
        private StorageType type = StorageType.FS;
        private final Fs fs = new Fs();
        private final S3 s3 = new S3();

        public StorageType getType() {
            return type;
        }

        public void setType(StorageType type) {
            this.type = type;
        }

        public Fs getFs() {
            return fs;
        }

        public S3 getS3() {
            return s3;
        }
    }

    /** How artifacts are stored. */
    public enum StorageType { FS, S3 }

    /** Artifacts as files. */
    public static class Fs {
        /** The directory artifacts are kept in (created if missing). */
        private Path directory = Path.of("voyager-data", "artifacts");

        public Path getDirectory() {
            return directory;
        }

        public void setDirectory(Path directory) {
            this.directory = directory;
        }
    }

    /** Artifacts in an S3 bucket; an S3Client bean of the application, if any, is used for the requests. */
    public static class S3 {
        /** The bucket (required for storage.type=s3). */
        private String bucket = "";
        /** A folder in the bucket; empty for the top level. */
        private String prefix = "";
        /** An S3-compatible store's URL; empty for AWS. */
        private String endpoint = "";
        /** The region; empty for the AWS default chain. */
        private String region = "";
        /** Bucket in the path, as most S3-compatible stores want. */
        private boolean pathStyle;

        public String getBucket() {
            return bucket;
        }

        public void setBucket(String bucket) {
            this.bucket = bucket;
        }

        public String getPrefix() {
            return prefix;
        }

        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }

        public String getEndpoint() {
            return endpoint;
        }

        public void setEndpoint(String endpoint) {
            this.endpoint = endpoint;
        }

        public String getRegion() {
            return region;
        }

        public void setRegion(String region) {
            this.region = region;
        }

        public boolean isPathStyle() {
            return pathStyle;
        }

        public void setPathStyle(boolean pathStyle) {
            this.pathStyle = pathStyle;
        }
    }

    /** Download links. */
    public static class Links {
        /**
         * The key download links are signed with, base64 of 32 bytes or more; the same on every node. Empty: a key
         * generated for this process only (links die with it).
         */
        private String secret = "";
        /** How long a download link in an offer stays valid. */
        private Duration ttl = Duration.ofMinutes(5);

        public String getSecret() {
            return secret;
        }

        public void setSecret(String secret) {
            this.secret = secret;
        }

        public Duration getTtl() {
            return ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }
    }

    /** The offer key. */
    public static class Offer {
        /**
         * A PEM file holding the offer key (ECDSA P-256) that signs offers. Empty: a key generated for this process
         * only, which devices built with a fixed key refuse: for tests only.
         */
        private String keyFile = "";

        public String getKeyFile() {
            return keyFile;
        }

        public void setKeyFile(String keyFile) {
            this.keyFile = keyFile;
        }
    }

    /** Admin API access. */
    public static class Admin {
        /** Admin tokens to accept, by name, each given as its SHA-256 (hex), never the token itself. */
        private Map<String, String> tokenSha256 = new LinkedHashMap<>();

        public Map<String, String> getTokenSha256() {
            return tokenSha256;
        }

        public void setTokenSha256(Map<String, String> tokenSha256) {
            this.tokenSha256 = tokenSha256;
        }
    }

    /** The MQTT transport, on when mqtt.url is set and voyager-transport-mqtt is on the classpath. */
    public static class Mqtt {
        /** The broker, such as tcp://broker:1883; empty: no MQTT (devices poll). */
        private String url = "";
        /** The server's user name at the broker. */
        private String username = "";
        /** The server's password at the broker. */
        private String password = "";

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }
    }

    /** The Micrometer binder, on when Micrometer and voyager-micrometer are on the classpath. */
    public static class Metrics {
        /** How often the outbox and rollout gauges are read from the database. */
        private Duration sampleInterval = Duration.ofSeconds(15);

        public Duration getSampleInterval() {
            return sampleInterval;
        }

        public void setSampleInterval(Duration sampleInterval) {
            this.sampleInterval = sampleInterval;
        }
    }
}
