package io.voyagerota.server.cli;

import io.voyagerota.server.ServerConfig;
import io.voyagerota.server.ServerConfigLoader;
import io.voyagerota.server.ServerConfigLoader.Key;
import io.voyagerota.server.VoyagerServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code voyager serve}: the reference server on embedded defaults, until SIGTERM or SIGINT. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run a complete OTA server: H2 database and artifact files under the data directory (or a"
                + " shared PostgreSQL database and S3 bucket, for a cluster), the device and admin APIs, /healthz and"
                + " /readyz. Stops gracefully on SIGTERM or Ctrl-C.",
                "Settings come from flags, then VOYAGER_* environment variables, then the --config file, then"
                + " defaults. The admin token is set with VOYAGER_ADMIN_TOKEN or admin.token (never a flag, which"
                + " other users could see in the process list); without one, the first start generates and shows"
                + " one."},
        sortOptions = false)
final class ServeCommand implements Callable<Integer> {
    private static final int STARTUP_LIMIT_MINUTES = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "A voyager.properties file.")
    Path configFile;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port to listen on; 0 picks a free one (default 8080, VOYAGER_PORT, server.port).")
    String port;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Address to listen on (default 0.0.0.0, VOYAGER_BIND, server.bind).")
    String bind;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Database, artifacts and secrets (default ./voyager-data, VOYAGER_DATA_DIR, data.dir).")
    String dataDir;

    @Option(names = "--database", paramLabel = "JDBC_URL", description = "A PostgreSQL database to share with the"
            + " other nodes of a cluster, such as jdbc:postgresql://db:5432/voyager (default: embedded H2 in the data"
            + " directory; VOYAGER_DATABASE_URL, database.url).")
    String database;

    @Option(names = "--database-user", paramLabel = "NAME", description = "The database user (VOYAGER_DATABASE_USERNAME,"
            + " database.username); its password from --database-password-file, VOYAGER_DATABASE_PASSWORD or"
            + " database.password, never a flag.")
    String databaseUser;

    @Option(names = "--database-password-file", paramLabel = "FILE", description = "A file whose first line is the"
            + " database password (VOYAGER_DATABASE_PASSWORD_FILE, database.password-file).")
    String databasePasswordFile;

    @Option(names = "--link-key", paramLabel = "FILE", description = "The key download links are signed with (base64,"
            + " 32+ bytes): the same file on every node of a cluster (default: generated in <data dir>/secrets;"
            + " VOYAGER_LINK_KEY_FILE, links.key-file).")
    String linkKey;

    @Option(names = "--base-path", paramLabel = "PATH",
            description = "Path of the APIs (default /v1, VOYAGER_BASE_PATH, server.base-path).")
    String basePath;

    @Option(names = "--public-url", paramLabel = "URL", description = "The server's URL as devices reach it, for"
            + " absolute download links (default: none, links are paths; VOYAGER_PUBLIC_URL, server.public-url).")
    String publicUrl;

    @Option(names = "--storage", paramLabel = "TYPE",
            description = "Artifact storage: fs (default fs, VOYAGER_STORAGE, storage.type).")
    String storage;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", description = "How long requests in progress"
            + " may take to finish on shutdown (default 10s, VOYAGER_SHUTDOWN_GRACE, server.shutdown-grace).")
    String shutdownGrace;

    @Option(names = "--link-ttl", paramLabel = "DURATION",
            description = "How long download links stay valid (default 5m, VOYAGER_LINK_TTL, links.ttl).")
    String linkTtl;

    @Option(names = "--mqtt", paramLabel = "URL",
            description = "MQTT broker for push triggers, reports and state, such as tcp://localhost:1883"
                    + " (default none, VOYAGER_MQTT_URL, mqtt.url).")
    String mqtt;

    @Option(names = "--mqtt-username", paramLabel = "NAME", description = "The server's user name at the broker"
            + " (VOYAGER_MQTT_USERNAME, mqtt.username); its password only from VOYAGER_MQTT_PASSWORD or"
            + " mqtt.password.")
    String mqttUsername;

    @Option(names = "--offer-key", paramLabel = "FILE", description = "The offer key that signs offers: an ECDSA"
            + " P-256 private key PEM readable by the server's user only (default: generated at first start and kept"
            + " in <data dir>/secrets/offer-key.pem; VOYAGER_OFFER_KEY_FILE, offer.key-file). Its public half is"
            + " written to <data dir>/offer-key.pub.pem.")
    String offerKey;

    @Option(names = "--offer-key-endorsements", paramLabel = "FILES", description = "After a rotation: the"
            + " endorsement files (voyager keys endorse) of the offer key, and of earlier ones, comma-separated;"
            + " devices built with an older key fetch them (VOYAGER_OFFER_KEY_ENDORSEMENTS, offer.key-endorsements).")
    String offerKeyEndorsements;

    @Option(names = "--alerts-webhook-url", paramLabel = "URL", description = "Where to POST alerts (rollout"
            + " paused, success rate low, failure burst, outbox event FAILED, new firmware); without it alerts are only"
            + " logged (VOYAGER_ALERTS_WEBHOOK_URL, alerts.webhook-url). A URL holding a token (Slack's) is better"
            + " given in the environment or the file; the signing secret only there (alerts.webhook-secret).")
    String alertsWebhookUrl;

    @Option(names = "--alerts-format", paramLabel = "FORMAT", description = "The webhook's body: standard (Standard"
            + " Webhooks, signed) or slack ({\"text\": ...}) (default standard, VOYAGER_ALERTS_FORMAT, alerts.format).")
    String alertsFormat;

    @Option(names = "--allow-unauthenticated-checks", description = "Development only: answer update checks"
            + " without a device credential (VOYAGER_ALLOW_UNAUTHENTICATED_CHECKS,"
            + " http.allow-unauthenticated-checks).")
    boolean allowUnauthenticatedChecks;

    @Option(names = "--metrics", description = "Serve the meters in Prometheus text at /metrics, beside /healthz"
            + " (VOYAGER_METRICS, server.metrics).")
    boolean metrics;

    @Option(names = "--http-engine", paramLabel = "ENGINE", description = "The HTTP server in front of the APIs:"
            + " netty (the default) or jdk (VOYAGER_HTTP_ENGINE, server.http-engine).")
    String httpEngine;

    @Override
    public Integer call() throws Exception {
        ServerConfig config = ServerConfigLoader.load(Optional.ofNullable(configFile),
                VoyagerCommand.env(spec), flags());
        // The hook is in place before the server starts, so a SIGTERM that arrives while it starts (or just after)
        // still waits for it and stops it gracefully instead of killing it halfway.
        CompletableFuture<VoyagerServer> started = new CompletableFuture<>();
        Thread hook = new Thread(() -> stopWhenStarted(started), "voyager-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        VoyagerServer server;
        try {
            server = VoyagerServer.start(config, System.out);
        } catch (Exception | Error e) {
            started.completeExceptionally(e);
            removeHook(hook);
            throw e;
        }
        started.complete(server);
        server.awaitStopped();
        return ExitCodes.OK;
    }

    private static void stopWhenStarted(CompletableFuture<VoyagerServer> started) {
        try {
            started.get(STARTUP_LIMIT_MINUTES, TimeUnit.MINUTES).close();
        } catch (ExecutionException | TimeoutException e) {
            // it never started: nothing to stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down
        }
    }

    Map<Key, String> flags() {
        Map<Key, String> flags = new EnumMap<>(Key.class);
        put(flags, Key.PORT, port);
        put(flags, Key.BIND, bind);
        put(flags, Key.DATA_DIR, dataDir);
        put(flags, Key.BASE_PATH, basePath);
        put(flags, Key.DATABASE_URL, database);
        put(flags, Key.DATABASE_USERNAME, databaseUser);
        put(flags, Key.DATABASE_PASSWORD_FILE, databasePasswordFile);
        put(flags, Key.LINK_KEY_FILE, linkKey);
        put(flags, Key.PUBLIC_URL, publicUrl);
        put(flags, Key.STORAGE, storage);
        put(flags, Key.SHUTDOWN_GRACE, shutdownGrace);
        put(flags, Key.LINK_TTL, linkTtl);
        put(flags, Key.MQTT_URL, mqtt);
        put(flags, Key.MQTT_USERNAME, mqttUsername);
        put(flags, Key.OFFER_KEY_FILE, offerKey);
        put(flags, Key.OFFER_KEY_ENDORSEMENTS, offerKeyEndorsements);
        put(flags, Key.ALERTS_WEBHOOK_URL, alertsWebhookUrl);
        put(flags, Key.ALERTS_FORMAT, alertsFormat);
        put(flags, Key.HTTP_ENGINE, httpEngine);
        if (allowUnauthenticatedChecks) {
            flags.put(Key.ALLOW_UNAUTHENTICATED_CHECKS, "true");
        }
        if (metrics) {
            flags.put(Key.METRICS, "true");
        }
        return flags;
    }

    private static void put(Map<Key, String> flags, Key key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }
}
