package io.voyagerota.benchmarks.fanout;

import io.voyagerota.VoyagerConfig;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.catalog.ReleaseDraft;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.memory.InMemoryArtifactStorage;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.rollout.RolloutSpec;
import io.voyagerota.signing.SigningKey;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.testing.images.GeneratedFile;
import io.voyagerota.version.Version;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The fan-out of a promotion on a two-node cluster, end to end: an embedded PostgreSQL, Debian's mosquitto with
 * per-user passwords and the project's ACL, two Voyager nodes on the database (started, so their fan-out workers
 * run) with their MQTT transports and HTTP device APIs, {@code devices} enrolled devices known to the fleet, and a
 * load client holding one MQTT subscription per device. Measures the time from the promote call until the last
 * device received its trigger, the update checks one node answers while a fan-out runs compared with when it is
 * idle, install reports ingested per second through both nodes' APIs, and how many devices the machine holds as
 * connections of their own. Not a JMH benchmark: run it by hand (see the README).
 */
public final class FanoutRun {
    private static final String PRODUCT = "bench";
    private static final String MODEL = "bench-s3";
    private static final SecureRandom RANDOM = new SecureRandom();

    private FanoutRun() {
    }

    static String deviceId(int i) {
        return String.format("dev-%06d", i);
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        int devices = Integer.getInteger("devices", 100_000);
        int workers = Integer.getInteger("workers", 2);
        double rate = Double.parseDouble(System.getProperty("triggersPerSecond", "1000000"));
        int observers = Integer.getInteger("observers", 4);
        int probe = Integer.getInteger("probe", 19_000);
        int checkSeconds = Integer.getInteger("checkSeconds", 10);
        int reportSeconds = Integer.getInteger("reportSeconds", 20);
        int timeout = Integer.getInteger("timeout", 600);
        Path scripts = Path.of(System.getProperty("scripts", "voyager-benchmarks/http"));
        // Readable by others: mosquitto, started as root, drops to its own user.
        Path work = Files.createTempDirectory("fanout-run",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        System.out.printf("FanoutRun: %,d devices, 2 nodes x %d fan-out workers, triggersPerSecond %,.0f per node,"
                + " %d observer connections, %d cores, JVM max heap %d MiB%n", devices, workers, rate, observers,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

        Map<String, String> users = new LinkedHashMap<>();
        String serverPassword = token();
        String observerPassword = token();
        users.put("voyager", serverPassword);
        users.put("observer", observerPassword);
        for (int i = 0; i < Math.min(probe, devices); i++) {
            users.put(deviceId(i), brokerPassword(i));
        }
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setServerConfig("shared_buffers", "1GB")
                .setServerConfig("max_connections", "200").setServerConfig("max_wal_size", "4GB")
                .setServerConfig("synchronous_commit", System.getProperty("synchronousCommit", "on")).start();
             Broker broker = Broker.start(work.resolve("broker"), users)) {
            String jdbc = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
            VoyagerConfig config = VoyagerConfig.defaults().withSightingBuffer(devices + 1000)
                    .withFanoutWorkers(workers);
            Node.Shared shared = new Node.Shared(jdbc, 10, new InMemoryArtifactStorage(), SigningKey.generate(),
                    bytes(32), broker.url(), serverPassword, "voyager-" + HexFormat.of().formatHex(bytes(16)), rate,
                    config);
            try (Node a = new Node("a", shared); Node b = new Node("b", shared);
                 Connection sql = DriverManager.getConnection(jdbc, "postgres", "");
                 TriggerObserver observer = new TriggerObserver(devices, FanoutRun::deviceId)) {
                a.start();
                b.start();
                a.voyager.products().create(Product.of(PRODUCT, "Bench", new HardwareModel(MODEL, Chip.ESP32_S3)));
                Path credentials = register(a, devices, work);
                long known = count(sql, "SELECT count(*) FROM voyager_device WHERE product_id = '" + PRODUCT + "'");
                System.out.printf("fleet: %,d devices of %s in voyager_device%n", known, PRODUCT);
                if (known != devices) {
                    throw new IllegalStateException("the fleet should hold every device");
                }

                long t = System.nanoTime();
                long rss = broker.rssMiB();
                observer.subscribe(broker.port(), observerPassword, observers);
                long held = broker.rssMiB() - rss;
                System.out.printf("observer: %,d subscriptions on %d connections in %.1f s; broker +%d MiB resident"
                                + " (%.2f KiB a subscription), %d open files (limit %s)%n", devices, observers,
                        (System.nanoTime() - t) / 1e9, held, held * 1024.0 / devices, broker.openFiles(),
                        broker.fileLimit());

                Release first = upload(a, "2.0.0");
                Release second = upload(a, "2.1.0");
                a.voyager.releases().stage(first.id());
                a.voyager.releases().stage(second.id());
                awaitOutboxIdle(a, timeout); // staging's fan-outs: testers only, of whom there are none

                signRate(shared.offerKey());
                System.out.println();
                System.out.println("round 1: promote 2.0.0 to every device, nothing else running");
                fanout(a, sql, broker, observer, first, devices, timeout);

                Wrk wrk = new Wrk(scripts, 2, 64);
                Map<String, String> checkEnv = Map.of("DEVICES", credentials.toString(), "PRODUCT", PRODUCT,
                        "MODEL", MODEL, "VERSION", "1.0.0");
                System.out.println();
                Wrk.Result idle = wrk.start("checks on node a, idle", "check.lua", a.url(), checkSeconds, checkEnv)
                        .get();
                System.out.println(idle);

                System.out.println();
                System.out.printf("round 2: promote 2.1.0 to every device while wrk sends checks to node a for %d s%n",
                        checkSeconds);
                CompletableFuture<Wrk.Result> busy = wrk.start("checks on node a during the fan-out", "check.lua",
                        a.url(), checkSeconds, checkEnv);
                Thread.sleep(500); // wrk connected and loading
                double fanoutSeconds = fanout(a, sql, broker, observer, second, devices, timeout);
                Wrk.Result during = busy.get();
                System.out.println(during);
                awaitOutboxIdle(a, 60);
                Wrk.Result again = wrk.start("checks on node a, idle again", "check.lua", a.url(), checkSeconds,
                        checkEnv).get();
                System.out.println(again);
                double calm = (idle.perSecond() + again.perSecond()) / 2;
                System.out.printf("checks/s during the fan-out vs idle (mean of before and after): %,.0f vs %,.0f"
                                + " (%.0f%%); the fan-out took %.1f s, the check run %d s%n", during.perSecond(),
                        calm, 100 * during.perSecond() / calm, fanoutSeconds, checkSeconds);

                System.out.println();
                reports(a, b, sql, broker, scripts, credentials, reportSeconds);
                System.out.println();
                if (probe > 0) {
                    ConnectionProbe.run(broker, Math.min(probe, devices), FanoutRun::deviceId,
                            FanoutRun::brokerPassword);
                }
            }
        }
    }

    /** Enrols every device (its credential for the HTTP API) and makes it known to the fleet by one check. */
    private static Path register(Node a, int devices, Path work) throws Exception {
        long t = System.nanoTime();
        String[] lines = new String[devices];
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> parts = new java.util.ArrayList<>();
            for (int p = 0; p < 4; p++) {
                int part = p;
                parts.add(pool.submit(() -> {
                    for (int i = part; i < devices; i += 4) {
                        lines[i] = deviceId(i) + " " + a.voyager.devices().enrol(deviceId(i)).secret();
                    }
                }));
            }
            for (Future<?> f : parts) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        Path file = Files.write(work.resolve("devices.txt"), List.of(lines));
        System.out.printf("enrolled %,d devices (a credential each) in %.1f s%n", devices,
                (System.nanoTime() - t) / 1e9);
        t = System.nanoTime();
        for (int i = 0; i < devices; i++) {
            a.voyager.check(DeviceCheck.of(deviceId(i), PRODUCT, MODEL, Version.parse("1.0.0")));
            if (i % 5000 == 4999) {
                // Written in batches, as the background tick does: the sighting buffer is striped, and a stripe
                // that fills drops sightings even while the buffer as a whole has room.
                a.voyager.tick();
            }
        }
        a.voyager.tick(); // writes the buffered sightings: the devices are now known to the fleet
        System.out.printf("first check of every device and the sightings written in %.1f s%n",
                (System.nanoTime() - t) / 1e9);
        return file;
    }

    /**
     * Promotes a release to every device and waits until each has its trigger; prints the figures.
     *
     * @return the seconds from the promote call to the last trigger
     */
    private static double fanout(Node a, Connection sql, Broker broker, TriggerObserver observer, Release release,
                                 int devices, int timeout) throws Exception {
        TriggerObserver.Round round = observer.begin(release.version().toString());
        CpuMeter cpu = new CpuMeter(broker.pid());
        StageSampler sampler = new StageSampler(5);
        Instant promotedAt = Instant.now();
        long t0 = System.nanoTime();
        a.voyager.releases().promote(release.id(), RolloutSpec.all());
        long promoteCall = System.nanoTime() - t0;
        long deadline = t0 + TimeUnit.SECONDS.toNanos(timeout);
        while (round.distinct.get() < devices && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        long last = round.lastNanos - t0;
        String used = cpu.since();
        double jvmCores = cpu.jvmCores();
        sampler.close();
        awaitOutboxIdle(a, 60);
        Thread.sleep(1000); // late duplicates
        double seconds = last / 1e9;
        int distinct = round.distinct.get();
        System.out.printf("  promote call %d ms; first trigger after %d ms; last after %.2f s%n",
                promoteCall / 1_000_000, (round.firstNanos.get() - t0) / 1_000_000, seconds);
        System.out.printf("  devices triggered %,d of %,d: lost %,d, duplicates %,d, wrong version %,d, empty %,d;"
                        + " %,.0f triggers/s%n", distinct, devices, devices - distinct, round.duplicates(),
                round.wrongVersion.get(), round.empty.get(), distinct / seconds);
        System.out.printf("  cpu until the last trigger: %s%n", used);
        // The JVM's CPU per trigger is steady whatever else runs; what the machine's cores allow follows from it.
        double perCoreSecond = distinct / seconds / jvmCores;
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("  %,.0f triggers per JVM core-second (%.3f ms of JVM CPU a trigger);"
                        + " with all %d cores for the JVM: %,.0f triggers/s, %,d devices in %.1f s%n", perCoreSecond,
                1000 / perCoreSecond, cores, perCoreSecond * cores, devices, devices / (perCoreSecond * cores));
        System.out.printf("  against the targets: 100,000 devices in <= 30 s (3,333/s): %s; AWS IoT Jobs' documented"
                        + " maximum rollout rate 1,000 devices/min: %.0fx; ThingsBoard OTA's default ~100/min: %.0fx%n",
                seconds <= 30 * devices / 100_000.0 ? "met" : "missed", distinct / seconds * 60 / 1000,
                distinct / seconds * 60 / 100);
        chunks(sql, promotedAt);
        return seconds;
    }

    /** The split and the chunks of the fan-out that began at {@code since}, from the outbox table. */
    private static void chunks(Connection sql, Instant since) throws Exception {
        try (Statement s = sql.createStatement(); ResultSet r = s.executeQuery("SELECT type, count(*),"
                + " extract(epoch FROM max(created_at) - timestamptz '" + since + "'),"
                + " extract(epoch FROM min(processed_at) - timestamptz '" + since + "'),"
                + " extract(epoch FROM max(processed_at) - timestamptz '" + since + "'), sum(attempts)"
                + " FROM voyager_outbox WHERE created_at >= timestamptz '" + since + "' GROUP BY type ORDER BY 1")) {
            while (r.next()) {
                System.out.printf("  outbox %-22s %4d events, created by %.2f s, processed from %.2f s to %.2f s,"
                                + " %d attempts%n", r.getString(1), r.getLong(2), r.getDouble(3), r.getDouble(4),
                        r.getDouble(5), r.getLong(6));
            }
        }
    }

    /** Install reports through both nodes' device APIs at once; counts what PostgreSQL holds afterwards. */
    private static void reports(Node a, Node b, Connection sql, Broker broker, Path scripts, Path credentials,
                                int seconds) throws Exception {
        Map<String, String> env = Map.of("DEVICES", credentials.toString(), "PRODUCT", PRODUCT, "FROM", "1.0.0",
                "TO", "2.1.0", "TAG", "a");
        Wrk wrk = new Wrk(scripts, 1, 16);
        LongSupplier rows = () -> count(sql, "SELECT count(*) FROM voyager_report");
        long before = rows.getAsLong();
        CpuMeter cpu = new CpuMeter(broker.pid());
        long t = System.nanoTime();
        CompletableFuture<Wrk.Result> ra = wrk.start("reports to node a", "report.lua", a.url(), seconds, env);
        CompletableFuture<Wrk.Result> rb = wrk.start("reports to node b", "report.lua", b.url(), seconds,
                Map.of("DEVICES", credentials.toString(), "PRODUCT", PRODUCT, "FROM", "1.0.0", "TO", "2.1.0", "TAG", "b"));
        Wrk.Result x = ra.get();
        Wrk.Result y = rb.get();
        double elapsed = (System.nanoTime() - t) / 1e9;
        String used = cpu.since();
        long stored = rows.getAsLong() - before;
        System.out.printf("reports: wrk, 2 x 16 connections (one wrk per node) for %d s%n  %s%n  %s%n", seconds, x, y);
        System.out.printf("  %,d reports ingested into PostgreSQL: %,.0f reports/s (rows counted in voyager_report,"
                + " over %.1f s)%n  cpu: %s%n", stored, stored / elapsed, elapsed, used);
    }

    /**
     * The reference: offer-sized ECDSA P-256 signatures per second on one thread (every trigger carries one), after
     * a warm-up, so that the fan-out's rate can be read against what signing alone allows on this machine now.
     */
    private static void signRate(SigningKey key) {
        byte[] body = new byte[800];
        for (int round = 0; round < 2; round++) {
            long t = System.nanoTime();
            int n = 0;
            while (System.nanoTime() - t < 2_000_000_000L) {
                body[n % body.length]++;
                key.sign(body);
                n++;
            }
            if (round == 1) {
                System.out.printf("reference: %,.0f ECDSA P-256 signatures/s of an 800-byte offer on one thread"
                        + " (load average %s)%n", n / ((System.nanoTime() - t) / 1e9), Procs.loadAverage());
            }
        }
    }

    private static Release upload(Node node, String version) throws Exception {
        Release draft = node.voyager.releases().create(ReleaseDraft.builder(PRODUCT, Version.parse(version)).build());
        GeneratedFile image = new Esp32ImageBuilder().chip(Chip.ESP32_S3).version(version).projectName(PRODUCT)
                .seed(version.hashCode()).build().file();
        try (InputStream in = image.open()) {
            return node.voyager.releases().upload(draft.id(), in, Optional.empty());
        }
    }

    private static void awaitOutboxIdle(Node node, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Map<OutboxState, Long> counts = node.voyager.registry().outbox().counts();
            if (counts.get(OutboxState.PENDING) + counts.get(OutboxState.PROCESSING) == 0) {
                if (counts.get(OutboxState.FAILED) > 0) {
                    System.out.printf("  outbox: %d FAILED events%n", counts.get(OutboxState.FAILED));
                }
                return;
            }
            Thread.sleep(50);
        }
        System.out.println("  outbox still busy after " + seconds + " s: " + node.voyager.registry().outbox().counts());
    }

    private static long count(Connection sql, String query) {
        try (Statement s = sql.createStatement(); ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A device's broker password: derived, so that the probe need not keep 100,000 of them. */
    private static String brokerPassword(int i) {
        return "pw-" + Integer.toHexString(i * 0x9E3779B1);
    }

    private static String token() {
        return HexFormat.of().formatHex(bytes(16));
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
