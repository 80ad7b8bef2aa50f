package io.voyagerota.server.cluster;

import io.voyagerota.device.DeviceSighting;
import io.voyagerota.jdbc.JdbcRegistry;
import io.voyagerota.server.TestBroker;
import io.voyagerota.server.TestBucketStore;
import io.voyagerota.server.TestServers;
import io.voyagerota.server.internal.AdminClient;
import io.voyagerota.signing.SigningKey;
import io.voyagerota.signing.VerifyingKey;
import io.voyagerota.testing.TestJson;
import io.voyagerota.version.Version;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real {@code voyager serve} processes on one PostgreSQL, one bucket and one mosquitto, with the same link key,
 * offer key and admin token and a data directory each, and a fleet of simulated devices that talk to both in turn
 * over the real wire protocol. One run walks a staged rollout through its stages, measures how soon a revocation on
 * one node stops offers on the other, and kills one node with SIGKILL in the middle of a fan-out: the node started
 * again, every device ends on the last release, every subscribed device heard of it, none had cause to report a
 * failure, and the rollout's counters are what the devices did.
 */
class ClusterProcessTest {
    private static final String TOKEN = "cluster-process-test-admin-token-0123456789";
    private static final String PRODUCT = TestServers.PRODUCT;
    private static final String MODEL = TestServers.MODEL;
    /** Simulated devices; every third one is pushed to over MQTT and never polls. */
    private static final int DEVICES = 300;
    /**
     * Devices the cluster knows, the simulated ones among them, so that a fan-out walks many chunks to kill a node in.
     * Of the others, one in {@value #OFFLINE_EVERY} is of the releases' model and offline, on 1.0.0: it is nudged and
     * never answers; the rest are of a second model that the releases do not fit, decided and not nudged. So a chunk
     * holds about 70 triggers, a second or so at MQTT's 100 a second per node, shared by its two fan-out workers.
     */
    private static final int FLEET = 16_000;
    private static final int OFFLINE_EVERY = 20;
    private static final String OTHER_MODEL = "locker-c3";
    private static final Duration FANOUT_LEASE = Duration.ofSeconds(5);
    private static final long PROPAGATION_MS = 2_000;

    @TempDir
    Path dir;
    private String linkKeyBase64;
    private String offerKeyPem;

    @Test
    @Timeout(240)
    void twoNodesServeOneFleetThroughAStagedRolloutARevocationAndAKilledNode() throws Exception {
        long started = System.nanoTime();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
             TestBucketStore bucket = TestBucketStore.start();
             TestBroker broker = TestBroker.start(dir.resolve("broker"))) {
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE voyager");
            }
            bucket.createBucket("firmware");
            Path config = config(postgres.getJdbcUrl("postgres", "voyager"), bucket.endpoint(), broker.url());
            Map<String, String> env = Map.of("VOYAGER_ADMIN_TOKEN", TOKEN, "VOYAGER_S3_ACCESS_KEY_ID",
                    TestBucketStore.KEY, "VOYAGER_S3_SECRET_ACCESS_KEY", TestBucketStore.SECRET);
            ServeProcess a = ServeProcess.launch("a", Files.createDirectories(dir.resolve("a")), config, env);
            ServeProcess b = ServeProcess.launch("b", Files.createDirectories(dir.resolve("b")), config, env);
            try (a; b) {
                a.awaitReady();
                b.awaitReady();
                // The test's lease is short on purpose (its chunks hold few triggers); an operator is told.
                assertTrue(a.log().contains("outbox.fanout-lease 5s leaves no margin"), a.log());
                Cluster cluster = new Cluster(a, b, postgres, broker);
                System.out.printf("cluster: both nodes ready after %d ms%n", millisSince(started));
                cluster.run();
            }
        }
        System.out.printf("cluster: the whole run took %d ms%n", millisSince(started));
    }

    private Path config(String databaseUrl, URI s3, URI mqtt) throws Exception {
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        byte[] linkKey = new byte[32];
        new SecureRandom().nextBytes(linkKey);
        linkKeyBase64 = Base64.getEncoder().encodeToString(linkKey);
        Path link = ownerOnly(Files.writeString(secrets.resolve("download-link.key"), linkKeyBase64));
        offerKeyPem = SigningKey.generate().toPem();
        Path offer = ownerOnly(Files.writeString(secrets.resolve("offer-key.pem"), offerKeyPem));
        return Files.write(dir.resolve("voyager.properties"), List.of("server.bind=127.0.0.1", "server.port=0",
                "server.shutdown-grace=1s", "database.url=" + databaseUrl, "database.username=postgres",
                "database.pool-size=6", "storage.type=s3", "storage.s3.bucket=firmware", "storage.s3.prefix=ota/",
                "storage.s3.endpoint=" + s3, "storage.s3.region=us-east-1", "storage.s3.path-style=true",
                "links.key-file=" + link, "offer.key-file=" + offer, "mqtt.url=" + mqtt,
                "outbox.fanout-lease=" + FANOUT_LEASE.toSeconds() + "s"));
    }

    private static Path ownerOnly(Path file) throws Exception {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** The scenario, with what it needs at hand. */
    private final class Cluster {
        private final ServeProcess a;
        private final ServeProcess b;
        private final EmbeddedPostgres postgres;
        private final TestBroker broker;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final VerifyingKey offerKey;
        private final FanOutWatch watch;

        Cluster(ServeProcess a, ServeProcess b, EmbeddedPostgres postgres, TestBroker broker) throws Exception {
            this.a = a;
            this.b = b;
            this.postgres = postgres;
            this.broker = broker;
            this.watch = new FanOutWatch(postgres.getDatabase("postgres", "voyager"));
            this.offerKey = SigningKey.fromPem(Files.readString(dir.resolve("secrets/offer-key.pem"))).verifyingKey();
        }

        void run() throws Exception {
            admin(a).send("POST", "/admin/products", Optional.of("{\"id\":\"" + PRODUCT + "\",\"name\":\"Smart"
                    + " locker\",\"models\":[{\"name\":\"" + MODEL + "\",\"chip\":\"esp32s3\"},{\"name\":\""
                    + OTHER_MODEL + "\",\"chip\":\"esp32c3\"}]}"));
            List<SimulatedDevice> devices = new ArrayList<>();
            for (int i = 0; i < DEVICES; i++) {
                String id = deviceId(i * (FLEET / DEVICES)); // spread over the fan-out's chunks
                devices.add(new SimulatedDevice(id, secret(i % 2 == 0 ? a : b, id), PRODUCT, MODEL, "0.1.0",
                        offerKey, http, () -> Arrays.asList(a.root(), b.root())));
            }
            // Enrolled on both nodes: each reads the other's credentials in the background, the last ones last.
            SimulatedDevice lastOnA = devices.get(DEVICES - 2);
            SimulatedDevice lastOnB = devices.get(DEVICES - 1);
            Await.until(() -> lastOnA.acceptedBy(b.root()) && lastOnB.acceptedBy(a.root()), 10_000,
                    "each node accepts the credentials issued on the other");
            try (Fleet fleet = new Fleet(devices)) {
                fleet.checkInOnce();
                for (int i = 0; i < DEVICES; i++) {
                    if (i % 3 == 0) {
                        fleet.push(devices.get(i), broker.port());
                    } else {
                        fleet.poll(devices.get(i), Duration.ofSeconds(2));
                    }
                }
                Await.until(() -> knownDevices() >= DEVICES, 20_000, "the cluster knows every device");
                String staged = stagedRollout(fleet);
                revocation();
                killMidFanOut(fleet, staged);
            }
            noSecretIsLogged(devices);
        }

        private void noSecretIsLogged(List<SimulatedDevice> devices) throws Exception {
            Map<String, String> secrets = new HashMap<>(Map.of("the admin token", TOKEN, "the S3 secret key",
                    TestBucketStore.SECRET, "the download-link key", linkKeyBase64, "the offer key",
                    offerKeyPem.lines().skip(1).findFirst().orElseThrow(), "a wrong device secret",
                    "wrong-device-secret-0123456789abcdef", "a wrong admin token", "wrong-admin-token-0123456789abcdef"));
            SecretScan.presentWrongCredentials(http, a.root(), devices.get(0).id(),
                    secrets.get("a wrong device secret"), secrets.get("a wrong admin token"));
            devices.forEach(d -> secrets.put("device " + d.id() + "'s secret", d.secret()));
            SecretScan.assertNoneLogged(secrets, a, b);
        }

        /** 1.0.0 through 10 %, 50 % and 100 %: each stage advances once its devices updated. */
        private String stagedRollout(Fleet fleet) throws Exception {
            String release = release(b, "1.0.0");
            Map<String, Object> promoted = json(admin(a).send("POST", "/admin/releases/" + release + "/promote",
                    Optional.of("{\"plan\":{\"stages\":[{\"percent\":10,\"soak\":\"PT1S\"},{\"percent\":50,\"soak\":"
                            + "\"PT1S\"},{\"percent\":100,\"soak\":\"PT0S\"}]}}")).body());
            String rollout = (String) ((Map<?, ?>) promoted.get("rollout")).get("id");
            long promotedAt = System.nanoTime();
            Map<Integer, Instant> stageStarts = new HashMap<>();
            Await.until(() -> {
                Map<String, Object> r = json(admin(b).get("/admin/rollouts/" + rollout).body());
                stageStarts.putIfAbsent(((Number) r.get("stage")).intValue(), Instant.parse((String)
                        r.get("stageStartedAt")));
                return stageStarts.containsKey(2) && onVersion(fleet, "1.0.0") == DEVICES;
            }, 60_000, "the staged rollout reaches every device");
            assertTrue(stageStarts.containsKey(1), "the rollout went through its middle stage: " + stageStarts);
            long beforeStage1 = fleet.devices().stream().filter(d -> d.succeeded.get("1.0.0")
                    < stageStarts.get(1).toEpochMilli()).count();
            long beforeStage2 = fleet.devices().stream().filter(d -> d.succeeded.get("1.0.0")
                    < stageStarts.get(2).toEpochMilli()).count();
            System.out.printf("cluster: staged rollout done in %d ms; %d devices updated in the 10 %% stage, %d by the"
                    + " end of the 50 %% stage, %d in all%n", millisSince(promotedAt), beforeStage1, beforeStage2,
                    DEVICES);
            // A stage advances once at least the guard's minimum sample (10) of its devices succeeded.
            assertTrue(beforeStage1 >= 10 && beforeStage1 < DEVICES / 4, "the first stage admitted about 10 %: "
                    + beforeStage1);
            assertTrue(beforeStage2 - beforeStage1 >= 10 && beforeStage2 < DEVICES * 3 / 4, "the second about"
                    + " 50 %: " + beforeStage2);
            assertCounters(rollout, fleet, "1.0.0", DEVICES);
            return rollout;
        }

        /** A release promoted on B to one probe device, then revoked on A: how soon each node follows. */
        private void revocation() throws Exception {
            String probe = "probe-1";
            String secret = secret(a, probe);
            SimulatedDevice onA = new SimulatedDevice(probe, secret, PRODUCT, MODEL, "1.0.0", offerKey, http,
                    () -> List.of(a.root()));
            SimulatedDevice onB = new SimulatedDevice(probe, secret, PRODUCT, MODEL, "1.0.0", offerKey, http,
                    () -> List.of(b.root()));
            String release = release(a, "1.1.0");
            admin(b).send("POST", "/admin/releases/" + release + "/promote",
                    Optional.of("{\"target\":{\"type\":\"devices\",\"devices\":[\"" + probe + "\"]}}"));
            long promoted = System.nanoTime();
            Await.until(() -> onA.check("1.0.0").filter(o -> o.version().equals("1.1.0")).isPresent(), 10_000,
                    "A offers what B promoted");
            long seenOnA = millisSince(promoted);
            Await.until(() -> onB.check("1.0.0").isPresent(), 10_000, "B offers its own promotion");
            admin(a).send("POST", "/admin/releases/" + release + "/revoke",
                    Optional.of("{\"reason\":\"bad sensor driver\"}"));
            long revoked = System.nanoTime();
            Await.until(() -> onB.check("1.0.0").isEmpty(), 10_000, "B stops offering the revoked release");
            long stoppedOnB = millisSince(revoked);
            System.out.printf("cluster: promotion on B offered by A after %d ms; revocation on A in force on B after"
                    + " %d ms%n", seenOnA, stoppedOnB);
            assertTrue(stoppedOnB <= PROPAGATION_MS, "revocation took " + stoppedOnB + " ms to reach B");
            assertTrue(onA.failures.isEmpty() && onB.failures.isEmpty(), onA.failures + " " + onB.failures);
        }

        /** 1.2.0 to every device; B is killed while its fan-out is half done, and started again. */
        private void killMidFanOut(Fleet fleet, String staged) throws Exception {
            int offline = registerTheRestOfTheFleet();
            String release = release(a, "1.2.0");
            Await.until(() -> unfinishedFanOuts() == 0, 30_000, "staging's fan-out is done");
            Set<String> before = watch.chunks().keySet();
            admin(a).send("POST", "/admin/releases/" + release + "/promote", Optional.of("{}"));
            long promoted = System.nanoTime();
            String owner = "relay-" + b.pid() + "-";
            Await.until(() -> {
                Map<String, FanOutWatch.Chunk> now = watch.since(before);
                // B claimed a chunk just now, so that the kill lands in the middle of its delivery.
                Instant recently = Instant.now().plus(FANOUT_LEASE).minusMillis(300);
                return now.values().stream().anyMatch(c -> c.processed())
                        && now.values().stream().anyMatch(c -> c.owner().startsWith(owner)
                        && c.leaseUntil().isAfter(recently));
            }, 30_000, "B starts a chunk of the fan-out while another is done");
            b.kill();
            Instant killed = Instant.now();
            Map<String, FanOutWatch.Chunk> atKill = watch.since(before);
            Set<String> orphans = atKill.values().stream().filter(c -> c.owner().startsWith(owner))
                    .map(FanOutWatch.Chunk::id).collect(Collectors.toSet());
            Map<String, Object> outbox = json(admin(a).get("/admin/outbox?state=processing&limit=500").body());
            long leased = ((List<?>) outbox.get("events")).stream().map(e -> (Map<?, ?>) e)
                    .filter(e -> orphans.contains(e.get("id"))).count();
            long done = atKill.values().stream().filter(c -> c.processed()).count();
            System.out.printf("cluster: B killed %d ms after the promotion, with %d of %d chunks delivered and %d"
                    + " held by B%n", millisSince(promoted), done, atKill.size(), orphans.size());
            assertTrue(done < atKill.size(), "the fan-out was not finished when B was killed");
            assertEquals(orphans.size(), leased, "the admin API shows B's chunks still processing");
            assertTrue(!orphans.isEmpty(), "B held a chunk when it was killed");

            long restart = System.nanoTime();
            b.restart();
            System.out.printf("cluster: B restarted on its data directory in %d ms%n", millisSince(restart));
            Await.until(() -> watch.since(before).values().stream().allMatch(c -> c.processed()),
                    30_000, () -> "every chunk of the fan-out is delivered: " + diagnosis(before));
            Instant reclaimed = watch.since(before).values().stream().filter(c -> orphans.contains(c.id()))
                    .map(FanOutWatch.Chunk::processedAt).max(Instant::compareTo).orElseThrow();
            long reclaimMs = Duration.between(killed, reclaimed).toMillis();
            System.out.printf("cluster: B's chunks delivered %d ms after the kill (fan-out lease %d s); the fan-out of"
                    + " %d devices took %d ms in all%n", reclaimMs, FANOUT_LEASE.toSeconds(), FLEET + 1,
                    millisSince(promoted));
            assertTrue(reclaimMs <= FANOUT_LEASE.toMillis() + 10_000, "reclaimed " + reclaimMs + " ms after the kill");

            Await.until(() -> onVersion(fleet, "1.2.0") == DEVICES, 60_000, "every device runs 1.2.0");
            for (SimulatedDevice d : fleet.devices()) {
                if (d.subscribed()) {
                    assertTrue(d.triggers.getOrDefault("1.2.0", 0) >= 1, d.id() + " heard no trigger of 1.2.0: "
                            + d.triggers);
                }
                assertEquals(List.of(), d.failures, d.id() + " reported failures");
                assertTrue(d.anomalies.stream().allMatch(x -> x.startsWith("stale offer")), d.id() + ": "
                        + d.anomalies);
            }
            long stale = fleet.devices().stream().mapToLong(d -> d.anomalies.size()).sum();
            System.out.printf("cluster: %d devices on 1.2.0, %d stale offers ignored%n", DEVICES, stale);
            assertCounters(rolloutOf(release), fleet, "1.2.0", DEVICES + 1 + offline); // the probe is on 1.0.0
            Map<String, Object> first = json(admin(a).get("/admin/rollouts/" + staged + "/stats").body());
            assertEquals(DEVICES, number(first, "successes"), "the staged rollout's successes stay: " + first);
            assertEquals(0, number(first, "failures"), first.toString());
        }

        /** The rollout's counters equal what the devices did: every one of them succeeded, none failed. */
        private void assertCounters(String rollout, Fleet fleet, String version, long eligible) throws Exception {
            long reported = fleet.devices().stream().filter(d -> d.succeeded.containsKey(version)).count();
            assertEquals(DEVICES, reported, "devices that reported success with " + version);
            AtomicReference<Map<String, Object>> stats = new AtomicReference<>();
            Await.until(() -> {
                stats.set(json(admin(a).get("/admin/rollouts/" + rollout + "/stats").body()));
                return number(stats.get(), "updated") == reported && number(stats.get(), "eligible") == eligible;
            }, 20_000, () -> "the counters of " + version + " settle: " + stats.get());
            assertEquals(reported, number(stats.get(), "successes"), stats.get().toString());
            assertEquals(0, number(stats.get(), "failures"), stats.get().toString());
            assertEquals(1.0, ((Number) stats.get().get("successRate")).doubleValue(), 1e-9);
        }

        /** The devices the simulation does not run, known to the cluster on 1.0.0; returns the offline ones. */
        private int registerTheRestOfTheFleet() {
            int offline = 0;
            JdbcRegistry registry = JdbcRegistry.builder(postgres.getDatabase("postgres", "voyager")).build();
            Set<String> simulated = new HashSet<>();
            for (int i = 0; i < DEVICES; i++) {
                simulated.add(deviceId(i * (FLEET / DEVICES)));
            }
            List<DeviceSighting> batch = new ArrayList<>();
            for (int i = 0; i < FLEET; i++) {
                if (!simulated.contains(deviceId(i))) {
                    boolean sameModel = i % OFFLINE_EVERY == 1;
                    offline += sameModel ? 1 : 0;
                    batch.add(new DeviceSighting(deviceId(i), PRODUCT, sameModel ? MODEL : OTHER_MODEL,
                            Version.parse("1.0.0"), Instant.now()));
                }
                if (batch.size() == 1_000 || i == FLEET - 1) {
                    registry.fleet().touch(batch);
                    batch.clear();
                }
            }
            return offline;
        }

        /** The chunks that are not delivered and what the nodes warned of, for a failure's message. */
        private String diagnosis(Set<String> before) {
            try {
                return watch.since(before).values().stream().filter(c -> !c.processed())
                        .map(FanOutWatch.Chunk::toString).collect(Collectors.joining(", ")) + "\nwarnings of A:\n"
                        + warnings(a) + "\nwarnings of B:\n" + warnings(b);
            } catch (Exception e) {
                return e.toString();
            }
        }

        private static String warnings(ServeProcess node) throws Exception {
            return node.log().lines().filter(l -> l.contains("WARN") || l.contains("ERROR") || l.contains("Exception"))
                    .limit(40).collect(Collectors.joining("\n"));
        }

        private String release(ServeProcess node, String version) throws Exception {
            AdminClient admin = admin(node);
            String id = (String) json(admin.send("POST", "/admin/products/" + PRODUCT + "/releases",
                    Optional.of("{\"version\":\"" + version + "\",\"models\":[\"" + MODEL + "\"]}")).body()).get("id");
            Path image = Files.write(dir.resolve("locker-" + version + ".bin"),
                    TestServers.image(version, 24 * 1024).bytes());
            admin.upload("/admin/releases/" + id + "/artifact", image, Optional.empty(), in -> in);
            admin(node == a ? b : a).send("POST", "/admin/releases/" + id + "/stage", Optional.empty());
            return id;
        }

        private String rolloutOf(String release) {
            return (String) json(admin(b).get("/admin/releases/" + release + "/rollout").body()).get("id");
        }

        private String secret(ServeProcess node, String deviceId) {
            return (String) json(admin(node).send("POST", "/admin/devices/" + deviceId + "/credentials",
                    Optional.empty()).body()).get("secret");
        }

        private long knownDevices() {
            return ((List<?>) json(admin(a).get("/admin/products/" + PRODUCT + "/devices?limit=1000").body())
                    .get("devices")).size();
        }

        private AdminClient admin(ServeProcess node) {
            return new AdminClient(node.root().toString(), Optional.of(TOKEN));
        }

        /** Fan-outs and their chunks not yet delivered, from the admin API. */
        private long unfinishedFanOuts() {
            long unfinished = 0;
            for (String state : List.of("pending", "processing")) {
                unfinished += ((List<?>) json(admin(a).get("/admin/outbox?state=" + state + "&limit=500").body())
                        .get("events")).stream().filter(e -> ((String) ((Map<?, ?>) e).get("type"))
                        .startsWith("devices.trigger")).count();
            }
            return unfinished;
        }

    }

    /** Devices that run {@code version} and had their report of it acknowledged. */
    private static long onVersion(Fleet fleet, String version) {
        return fleet.devices().stream().filter(d -> d.version().equals(version) && d.succeeded.containsKey(version))
                .count();
    }

    private static String deviceId(int index) {
        return String.format("dev-%05d", index);
    }

    private static Map<String, Object> json(String body) {
        return TestJson.object(body);
    }

    private static long number(Map<String, Object> object, String field) {
        return ((Number) object.get(field)).longValue();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
