package io.voyagerota.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.voyagerota.Voyager;
import io.voyagerota.VoyagerConfig;
import io.voyagerota.VoyagerException;
import io.voyagerota.jdbc.JdbcRegistry;
import io.voyagerota.jdbc.MigrationResult;
import io.voyagerota.link.HmacDownloadLinks;
import io.voyagerota.micrometer.VoyagerHttpMetrics;
import io.voyagerota.micrometer.VoyagerMetrics;
import io.voyagerota.micrometer.VoyagerMqttMetrics;
import io.voyagerota.server.internal.AdminTokens;
import io.voyagerota.server.internal.Alerting;
import io.voyagerota.server.internal.Backends;
import io.voyagerota.server.internal.DataDirectory;
import io.voyagerota.server.internal.Durations;
import io.voyagerota.server.internal.HttpFront;
import io.voyagerota.server.internal.OfferKey;
import io.voyagerota.server.internal.OfferKeyEndorsements;
import io.voyagerota.server.internal.ServerDatabase;
import io.voyagerota.server.internal.StartBanner;
import io.voyagerota.signing.OfferKeyEndorsement;
import io.voyagerota.signing.SigningKey;
import io.voyagerota.spi.DeviceNotifier;
import io.voyagerota.transport.http.HttpConfig;
import io.voyagerota.console.VoyagerConsole;
import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.mqtt.VoyagerMqtt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code voyager serve}: a complete OTA server on embedded defaults — H2 and artifact files in a data directory, the
 * device and admin APIs on the JDK's HTTP server, {@code /healthz} beside them. Offers are signed with the offer key
 * of {@code offer.key-file}, or with the one generated at first start and kept in the data directory.
 *
 * <pre>{@code
 * try (VoyagerServer server = VoyagerServer.start(ServerConfig.builder().port(0).build(), System.out)) {
 *     System.out.println(server.url());
 * }
 * }</pre>
 *
 * <p>{@link #close()} shuts down gracefully: no new connections, requests in progress get the configured grace
 * period to finish, then Voyager stops and the database closes.
 */
public final class VoyagerServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VoyagerServer.class);
    /** The shortest fan-out lease that covers a chunk of MQTT triggers with a margin. */
    private static final Duration MQTT_FANOUT_LEASE = Duration.ofSeconds(30);

    private final ServerConfig config;
    private final DataDirectory dataDir;
    private final Backends.Storage storage;
    private final ServerDatabase database;
    private final Voyager voyager;
    private final Optional<VoyagerMqtt> mqtt;
    private final HttpFront http;
    private final VoyagerHttpHandler handler;
    private final Optional<VoyagerMetrics> metrics;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean closing;

    private VoyagerServer(ServerConfig config, DataDirectory dataDir, Backends.Storage storage,
                          ServerDatabase database, Voyager voyager, Optional<VoyagerMqtt> mqtt, HttpFront http,
                          VoyagerHttpHandler handler, Optional<VoyagerMetrics> metrics) {
        this.config = config;
        this.metrics = metrics;
        this.handler = handler;
        this.dataDir = dataDir;
        this.storage = storage;
        this.database = database;
        this.voyager = voyager;
        this.mqtt = mqtt;
        this.http = http;
    }

    /**
     * Opens the data directory, recovers the storage, migrates the database, starts Voyager and the HTTP server.
     *
     * @param console where the first start shows the generated admin token, once
     * @throws ConfigException if the configuration asks for something this build or machine cannot do
     * @throws VoyagerException if the data directory is unusable or in use by another server
     */
    public static VoyagerServer start(ServerConfig config, PrintStream console) throws IOException {
        long started = System.nanoTime();
        Backends.checkAvailable(config);
        Optional<SigningKey> configuredOfferKey = OfferKey.configured(config);
        List<OfferKeyEndorsement> endorsements = OfferKeyEndorsements.read(config);
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            DataDirectory dir = DataDirectory.open(config.dataDir());
            opened.push(dir);
            LOG.info("data dir {}", dir.root());

            Backends.Storage storage = Backends.openStorage(config, dir);
            opened.push(storage);
            LOG.info("storage {}", storage.description());

            ServerDatabase database = ServerDatabase.open(config.database(), dir);
            opened.push(database);
            JdbcRegistry registry = JdbcRegistry.builder(database.dataSource()).dialect(database.dialect()).build();
            MigrationResult migration = registry.migrate();
            LOG.info("database {} (schema version {}{})", database.description(), migration.schemaVersion(),
                    migration.applied().isEmpty() ? ", up to date" : ", applied " + migration.applied());

            DataDirectory.LinkKey linkKey = dir.linkKey(config.linkKeyFile());
            String linkBase = config.publicUrl().map(URI::toString).orElse("") + config.basePath();
            HmacDownloadLinks links = new HmacDownloadLinks(linkBase, linkKey.key());
            if (storage.links().isPresent()) {
                LOG.info("download links: presigned URLs to the bucket, valid {}", Durations.format(config.linkTtl()));
            } else {
                LOG.info("download links {}/artifacts/…, valid {}, signed with the key in {} ({})", linkBase,
                        Durations.format(config.linkTtl()), linkKey.file(), linkKey.generated() ? "generated now"
                                : "kept");
            }

            AdminTokens tokens = AdminTokens.resolve(config, dir);
            StartBanner.logTokenOrigin(LOG, tokens, dir.adminTokenHashFile());
            OfferKey offerKey = OfferKey.resolve(configuredOfferKey, config, dir);
            LOG.info(offerKey.describe());

            Duration window = config.linkTtl().compareTo(Duration.ofMinutes(1)) < 0 ? config.linkTtl()
                    : Duration.ofMinutes(1);
            DeviceNotifier notifier = Backends.notifier(config);
            Voyager.Builder builder = Voyager.builder();
            endorsements.forEach(builder::offerKeyEndorsement);
            Alerting.wire(config.alerts(), builder);
            Voyager voyager = builder
                    .registry(registry)
                    .artifactStorage(storage.storage())
                    .adminToken("admin", tokens.sha256())
                    .downloadLinks(storage.links().orElse(links))
                    .offerKey(offerKey.key())
                    .notifier(notifier)
                    .housekeeping(config.housekeeping())
                    .config(VoyagerConfig.defaults().withLinks(config.linkTtl(), window)
                            .withDefaultGuard(config.rollouts().guard(config.alerts()))
                            .withFanoutLease(config.fanoutLease()))
                    .build();
            opened.push(voyager);
            // The push transport first: a fan-out relay that started before it would fail every trigger it claimed
            // (chunks a killed node left pending, say) and spend one of their attempts.
            Optional<VoyagerMqtt> mqtt = Backends.startPush(config, voyager, notifier,
                    Backends.sharedGroup(linkKey.key()));
            mqtt.ifPresent(opened::push);
            if (mqtt.isPresent() && config.fanoutLease().compareTo(MQTT_FANOUT_LEASE) < 0) {
                LOG.warn("outbox.fanout-lease {} leaves no margin over a fan-out chunk with MQTT (up to 20s: 1,000"
                        + " triggers at 100 a second, shared by two workers): a chunk that overruns it is delivered"
                        + " again and again and ends FAILED; set it to {} or more",
                        Durations.format(config.fanoutLease()), Durations.format(MQTT_FANOUT_LEASE));
            }
            voyager.start();
            LOG.info(mqtt.map(m -> "mqtt " + m.config().server() + " as " + m.config().clientId()
                    + ": push triggers, device reports and state").orElse("mqtt off (mqtt.url not set): devices poll"));

            HttpConfig httpConfig = HttpConfig.defaults().withBasePath(config.basePath())
                    .withUnauthenticatedChecks(config.allowUnauthenticatedChecks());
            if (config.allowUnauthenticatedChecks()) {
                LOG.warn("update checks are answered WITHOUT device credentials (http.allow-unauthenticated-checks):"
                        + " for development only");
            }
            VoyagerHttpHandler handler = VoyagerHttpHandler.builder(voyager, links).config(httpConfig)
                    .deviceTags(voyager.devices()::tags).build();
            Optional<VoyagerMetrics> metrics = Optional.empty();
            Optional<Supplier<String>> scrape = Optional.empty();
            if (config.metrics()) {
                PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                VoyagerMetrics binder = new VoyagerMetrics(voyager);
                opened.push(binder);
                binder.bindTo(meters);
                mqtt.ifPresent(m -> new VoyagerMqttMetrics(m).bindTo(meters));
                new VoyagerHttpMetrics(handler).bindTo(meters);
                metrics = Optional.of(binder);
                scrape = Optional.of(meters::scrape);
            }
            HttpFront http = startHttp(config, handler, () -> database.answers(2), scrape);
            opened.push(() -> http.stop(Duration.ZERO));
            tokens.keep(dir);
            VoyagerServer server = new VoyagerServer(config, dir, storage, database, voyager, mqtt, http, handler,
                    metrics);
            LOG.info("listening on {}:{}, base path {}, health {}/healthz{}", config.bindAddress(), server.port(),
                    config.basePath().isEmpty() ? "/" : config.basePath(), server.url(),
                    config.metrics() ? ", metrics " + server.url() + "/metrics" : "");
            LOG.info("ready in {} ms: {}", (System.nanoTime() - started) / 1_000_000, server.apiUrl());
            StartBanner.print(console, server.apiUrl(), tokens, dir.adminTokenHashFile(), offerKey);
            return server;
        } catch (IOException | RuntimeException | Error e) {
            closeAll(opened, e);
            throw e;
        }
    }

    private static HttpFront startHttp(ServerConfig config, VoyagerHttpHandler handler, BooleanSupplier ready,
                                       Optional<Supplier<String>> metrics) throws IOException {
        InetSocketAddress address = new InetSocketAddress(config.bindAddress(), config.port());
        if (address.isUnresolved()) {
            throw new ConfigException("server.bind \"" + config.bindAddress() + "\" is not an address of this"
                    + " machine; use 0.0.0.0 for every interface or 127.0.0.1 for this machine only");
        }
        try {
            // The admin web console, over the admin API at the same base path.
            VoyagerConsole console = VoyagerConsole.builder().apiBasePath(config.basePath()).build();
            return HttpFront.start(config.httpEngine(), address, config.basePath(), handler::handle,
                    Map.of(VoyagerConsole.DEFAULT_PATH, console::handle), ready, metrics);
        } catch (BindException e) {
            throw new VoyagerException("port-unavailable", "cannot listen on " + config.bindAddress() + ":"
                    + config.port() + " (" + e.getMessage() + "); stop what uses it or choose another port with"
                    + " --port or VOYAGER_PORT");
        }
    }

    private static void closeAll(Deque<AutoCloseable> opened, Throwable failure) {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** The bound port; useful when started on port 0. */
    public int port() {
        return http.address().getPort();
    }

    /** The server's root URL as this machine reaches it, such as {@code http://localhost:8080}. */
    public URI url() {
        String host = config.bindAddress();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "localhost";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port());
    }

    /** Where the APIs live: {@link #url()} and the base path. */
    public URI apiUrl() {
        return URI.create(url() + config.basePath());
    }

    public ServerConfig config() {
        return config;
    }

    /** The running service, for hosts and tests that work with it in-process. */
    public Voyager voyager() {
        return voyager;
    }

    /** The MQTT transport, when {@code mqtt.url} is set. */
    public Optional<VoyagerMqtt> mqtt() {
        return mqtt;
    }

    /**
     * The handler this server answers HTTP with, for mounting the same APIs on another front as well (a servlet
     * container through {@code VoyagerServlet}); it stops answering usefully once the server is closed.
     */
    public VoyagerHttpHandler handler() {
        return handler;
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /**
     * Stops gracefully; idempotent, and a second caller waits for the first to finish. Stops accepting, gives the
     * requests in progress up to {@code server.shutdown-grace} to finish, then stops Voyager (flushing buffered
     * device sightings) and closes the database.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                awaitQuietly();
                return;
            }
            closing = true;
        }
        long begin = System.nanoTime();
        try {
            int running = http.inFlight();
            LOG.info("shutting down: no new connections; {} request(s) in progress get up to {} to finish", running,
                    Durations.format(config.shutdownGrace()));
            int cut = http.stop(config.shutdownGrace());
            if (cut == 0) {
                LOG.info("http stopped: every request finished");
            } else {
                LOG.warn("http stopped: {} request(s) still running after {} were cut off", cut,
                        Durations.format(config.shutdownGrace()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while waiting for requests to finish; stopping now");
        } finally {
            metrics.ifPresent(VoyagerMetrics::close);
            mqtt.ifPresent(m -> {
                m.close();
                LOG.info("mqtt disconnected");
            });
            voyager.close();
            storage.close();
            LOG.info("voyager stopped");
            database.close();
            LOG.info("database closed");
            try {
                dataDir.close();
            } catch (IOException e) {
                LOG.warn("could not release the data directory lock: {}", e.toString());
            }
            LOG.info("stopped in {} ms", (System.nanoTime() - begin) / 1_000_000);
            stopped.countDown();
        }
    }

    private void awaitQuietly() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
