package io.voyagerota.transport.mqtt;

import io.voyagerota.VoyagerConfig;
import io.voyagerota.catalog.Release;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.decision.Offer;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.rollout.RolloutSpec;
import io.voyagerota.rollout.RolloutTarget;
import io.voyagerota.testing.FlatJson;
import io.voyagerota.testing.VoyagerFixture;
import io.voyagerota.transport.mqtt.MqttConfig.Protocol;
import io.voyagerota.transport.mqtt.brokers.Broker;
import io.voyagerota.version.Version;
import io.voyagerota.wire.OfferJson;
import io.voyagerota.wire.WireJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static io.voyagerota.testing.VoyagerFixture.C3;
import static io.voyagerota.testing.VoyagerFixture.PRODUCT;
import static io.voyagerota.testing.VoyagerFixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the MQTT transport does against a real broker, with device clients speaking MQTT 5 and 3.1.1. Each broker
 * runs it through a subclass; device ids are unique per test because retained triggers outlive a test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MqttKit {
    private static final AtomicInteger RUN = new AtomicInteger();
    private String run;
    protected final List<AutoCloseable> open = new ArrayList<>();
    protected MqttDeviceNotifier notifier;
    protected VoyagerFixture f;
    protected VoyagerMqtt server;

    private Broker broker;

    /** Starts the broker the class's tests share. */
    protected abstract Broker startBroker();

    @BeforeAll
    void startTheBroker() {
        broker = startBroker();
    }

    @AfterAll
    void stopTheBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    protected String broker() {
        return broker.uri();
    }

    /** The protocol the server side speaks. */
    protected Protocol serverProtocol() {
        return Protocol.MQTT_5;
    }

    @BeforeEach
    void startServer() {
        run = "k" + RUN.incrementAndGet() + "-";
        notifier = new MqttDeviceNotifier();
        f = new VoyagerFixture(VoyagerConfig.defaults(), b -> b.notifier(notifier));
        server = server(config());
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
        f.voyager.close();
    }

    protected MqttConfig config() {
        return MqttConfig.of(broker()).withProtocol(serverProtocol());
    }

    protected VoyagerMqtt server(MqttConfig config) {
        VoyagerMqtt s = VoyagerMqtt.builder(f.voyager, config).notifier(notifier).clock(f.clock).build();
        s.start();
        open.add(s);
        return s;
    }

    protected DeviceClient device(String id, Protocol protocol) {
        DeviceClient d = DeviceClient.connect(broker(), id, protocol);
        open.add(d);
        return d;
    }

    protected String id(String name) {
        return run + name;
    }

    protected static String trigger(String deviceId) {
        return "devices/" + deviceId + "/ota";
    }

    /**
     * A release staged, its testers' trigger delivered, then promoted: so that the promotion's trigger is the only
     * one pending (two pending fan-outs would both see the promoted release and nudge its devices twice).
     */
    protected Release promoted(String version, RolloutSpec spec) {
        Release staged = f.staged(version);
        f.voyager.relayOutbox();
        return f.voyager.releases().promote(staged.id(), spec);
    }

    protected Release promoted(String version) {
        return promoted(version, RolloutSpec.all());
    }

    /** A device the fleet knows from an earlier check. */
    protected void known(String deviceId, String model, String version) {
        f.voyager.check(DeviceCheck.of(deviceId, PRODUCT, model, Version.parse(version)));
        f.voyager.tick();
    }

    protected static String report(String reportId, String status, String from, String to, String running) {
        return "{\"reportId\":\"" + reportId + "\",\"product\":\"" + PRODUCT + "\",\"fromVersion\":\"" + from
                + "\",\"toVersion\":\"" + to + "\",\"runningVersion\":\"" + running + "\",\"status\":\"" + status
                + "\"}";
    }

    protected static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + DeviceClient.WAIT.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aTriggerNamesTheHttpOffersReleaseAndReachesADeviceThatConnectsAfterItWasSent(Protocol device) {
        String id = id("late-" + device);
        known(id, S3, "0.9.0");
        promoted("1.0.0");
        assertEquals(1, f.voyager.relayOutbox());
        assertEquals(1, server.stats().triggersSent());

        DeviceClient d = device(id, device); // connects only now
        d.subscribe(trigger(id));
        Map<String, String> got = TriggerMessage.read(d.next().payload());
        Offer now = (Offer) f.voyager.check(DeviceCheck.of(id, PRODUCT, S3, Version.parse("0.9.0")));
        Map<String, String> http = FlatJson.fields(new String(OfferJson.toBytes(WireJson.defaults(), now),
                StandardCharsets.UTF_8));
        for (String field : List.of("deviceId", "version", "kind", "sequence")) {
            assertEquals(http.get(field), got.get(field), field + ": as the HTTP check's offer; the catalog is unchanged");
        }
        assertEquals("1.0.0", got.get("version"));
        assertEquals(id, got.get("deviceId"));
        assertEquals("upgrade", got.get("kind"));
        assertEquals(f.voyager.snapshot().generation(), Long.parseLong(got.get("sequence")));
    }

    @Test
    void onlyDevicesTheDecisionAdmitsAreTriggeredAndWideningReachesTheNewlyAdmitted() {
        String in = id("in");
        String out = id("out");
        String newer = id("newer");
        String otherModel = id("c3");
        known(in, S3, "0.9.0");
        known(out, S3, "0.9.0");
        known(newer, S3, "2.0.0");
        known(otherModel, C3, "0.9.0");
        Release r = promoted("1.0.0", RolloutSpec.to(RolloutTarget.devices(in)));
        f.voyager.relayOutbox();
        assertEquals(1, server.stats().triggersSent());

        DeviceClient watcher = device(id("watcher"), Protocol.MQTT_5);
        for (String id : List.of(out, newer, otherModel)) {
            watcher.subscribe(trigger(id));
            watcher.expectNothingBefore(watcher, trigger(id));
        }
        watcher.subscribe(trigger(in));
        assertEquals(in, TriggerMessage.read(watcher.next().payload()).get("deviceId"));

        f.voyager.rollouts().widen(f.voyager.rollouts().ofRelease(r.id()).id(), RolloutTarget.devices(in, out));
        f.voyager.relayOutbox();
        assertEquals(3, server.stats().triggersSent(), "the widening nudges both admitted devices");
        assertEquals(Set.of(trigger(in), trigger(out)), Set.of(watcher.next().topic(), watcher.next().topic()),
                "the device admitted now is nudged (and the one admitted before, again)");
        watcher.expectNothingBefore(watcher, trigger(out));
    }

    @Test
    void stagingPushesToTestersAndATagRolloutToItsCohortByTheirDirectoryTags() {
        String tester = id("tester");
        String beta = id("beta");
        String plain = id("plain");
        for (String id : List.of(tester, beta, plain)) {
            known(id, S3, "0.9.0");
        }
        f.voyager.devices().setTags(tester, Set.of("tester"));
        f.voyager.devices().setTags(beta, Set.of("beta"));
        Release staged = f.staged("1.0.0");
        f.voyager.relayOutbox();
        assertEquals(1, server.stats().triggersSent(), "staging nudges the tester only");
        DeviceClient watcher = device(id("watcher"), Protocol.MQTT_5);
        watcher.subscribe(trigger(tester));
        assertEquals("1.0.0", TriggerMessage.read(watcher.next().payload())
                .get("version"));
        for (String id : List.of(beta, plain)) {
            watcher.subscribe(trigger(id));
            watcher.expectNothingBefore(watcher, trigger(id));
        }

        f.voyager.releases().promote(staged.id(), RolloutSpec.to(RolloutTarget.tags("beta")));
        f.voyager.relayOutbox();
        assertEquals(2, server.stats().triggersSent(), "the promotion nudges the beta cohort only");
        var got = watcher.next();
        assertEquals(trigger(beta), got.topic());
        assertEquals(beta, TriggerMessage.read(got.payload()).get("deviceId"));
        watcher.expectNothingBefore(watcher, trigger(plain));
    }

    @Test
    void aStateMessageIsCheckedWithTheDirectoryTagsByDefault() {
        String id = id("state-tester");
        f.voyager.devices().setTags(id, Set.of("tester"));
        promoted("1.0.0");
        f.staged("1.1.0");
        DeviceClient d = device(id, Protocol.MQTT_5);
        d.subscribe(trigger(id));
        d.publish(trigger(id) + "/state", "{\"product\":\"locker\",\"model\":\"locker-s3\",\"version\":\"1.0.0\"}");
        assertEquals("1.1.0", TriggerMessage.read(d.next().payload())
                .get("version"), "a tester is answered with the staging release");
    }

    @Test
    void aNewerTriggerReplacesTheOlderOne() {
        String id = id("twice");
        known(id, S3, "0.9.0");
        promoted("1.0.0");
        f.voyager.relayOutbox();
        promoted("1.1.0");
        f.voyager.relayOutbox();
        DeviceClient d = device(id, Protocol.MQTT_5);
        d.subscribe(trigger(id));
        assertEquals("1.1.0", TriggerMessage.read(d.next().payload()).get("version"));
        d.expectNothingBefore(d, trigger(id));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aReportTakesTheHttpPathAndAnOutcomeClearsTheTrigger(Protocol device) throws InterruptedException {
        String id = id("done-" + device);
        known(id, S3, "0.9.0");
        promoted("1.0.0");
        f.voyager.relayOutbox();
        DeviceClient d = device(id, device);
        d.subscribe(trigger(id));
        assertEquals("1.0.0", TriggerMessage.read(d.next().payload()).get("version"));

        d.publish(trigger(id) + "/status", report(id + "-1", "SUCCESS", "0.9.0", "1.0.0", "1.0.0"));
        assertEquals("", d.next().payload(), "the server clears the trigger the device acted on");
        assertEquals(1, f.voyager.devices().history(id, 10).size());
        assertEquals(Version.parse("1.0.0"), f.voyager.devices().get(id).currentVersion());
        assertEquals(1, f.voyager.rollouts().stats(f.voyager.rollouts().list(PRODUCT).get(0).id()).successes());

        d.publish(trigger(id) + "/status", report(id + "-1", "SUCCESS", "0.9.0", "1.0.0", "1.0.0"));
        await("the retry is handled", () -> server.stats().handled() == 2);
        assertEquals(1, f.voyager.devices().history(id, 10).size(), "a retried report counts once");

        DeviceClient again = device(id("again-" + device), device);
        again.subscribe(trigger(id));
        again.expectNothingBefore(again, trigger(id));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aStateMessageRecordsTheDeviceAndIsAnsweredOnItsTriggerTopic(Protocol device) {
        String id = id("state-" + device);
        promoted("1.0.0");
        DeviceClient d = device(id, device);
        d.subscribe(trigger(id));
        d.publish(trigger(id) + "/state", "{\"product\":\"locker\",\"model\":\"locker-s3\",\"version\":\"v0.9\","
                + "\"chip\":\"esp32s3\",\"battery\":80,\"firmwareBuild\":\"abc\"}");
        assertEquals("1.0.0", TriggerMessage.read(d.next().payload()).get("version"));
        f.voyager.tick();
        assertEquals(Version.parse("0.9.0"), f.voyager.devices().get(id).currentVersion());
        assertEquals(S3, f.voyager.devices().get(id).model().orElseThrow());

        d.publish(trigger(id) + "/state", "{\"product\":\"locker\",\"model\":\"locker-s3\",\"version\":\"1.0.0\"}");
        assertEquals("", d.next().payload(), "up to date: nothing pending any more");
        f.voyager.tick();
        assertEquals(Version.parse("1.0.0"), f.voyager.devices().get(id).currentVersion());
    }

    /**
     * A regression test: a state message is read by the HTTP check's codec, so the device's anti-rollback epoch
     * counts. Before, the state message's own reader dropped {@code secureVersion}, and a device whose eFuse epoch
     * is above a release's was triggered with a release it must refuse, on every state message.
     */
    @Test
    void aStateMessageCarriesTheSecureVersionAndADeviceAboveAReleasesEpochIsNotOfferedIt() throws InterruptedException {
        String id = id("epoch");
        promoted("1.0.0");
        DeviceClient d = device(id, Protocol.MQTT_5);
        d.subscribe(trigger(id));
        d.publish(trigger(id) + "/state", "{\"product\":\"locker\",\"model\":\"locker-s3\",\"version\":\"0.9.0\","
                + "\"secureVersion\":1}");
        assertEquals("", d.next().payload(), "1.0.0 has secure version 0, below the device's 1: nothing to offer");
        d.publish(trigger(id) + "/state", "{\"product\":\"locker\",\"model\":\"locker-s3\",\"version\":\"0.9.0\","
                + "\"secureVersion\":0}");
        assertEquals("1.0.0", TriggerMessage.read(d.next().payload()).get("version"));
        d.publish(trigger(id) + "/state", "{\"deviceId\":\"someone-else\",\"product\":\"locker\",\"model\":"
                + "\"locker-s3\",\"version\":\"0.9.0\"}");
        await("the message for another device is dropped", () -> server.stats().dropped() == 1);
    }

    @Test
    void serverNodesInOneSharedGroupSplitTheReportsAndHandleEachOnce() throws InterruptedException {
        VoyagerMqtt second = server(config());
        String id = id("busy");
        DeviceClient d = device(id, Protocol.MQTT_5);
        // A broker may hand a whole burst to whichever member pulls first (HiveMQ does when one node is quicker),
        // so the share is not asserted per burst: reports keep coming in bursts until both nodes have taken some.
        int burst = 20;
        int sent = 0;
        while (sent < 20 * burst && (server.stats().handled() == 0 || second.stats().handled() == 0)) {
            for (int i = 0; i < burst; i++, sent++) {
                d.publish(trigger(id) + "/status", report(id + "-" + sent, "DOWNLOADING", "0.9.0", "1.0.0", "0.9.0"));
            }
            int expected = sent;
            await("every report is handled", () -> server.stats().handled() + second.stats().handled() >= expected);
        }
        Thread.sleep(300); // a report handled twice would show up by now
        assertEquals(sent, server.stats().received() + second.stats().received(), "each report reached one node");
        assertEquals(sent, server.stats().handled() + second.stats().handled());
        assertTrue(server.stats().handled() > 0 && second.stats().handled() > 0,
                "both nodes took a share of " + sent + " reports: " + server.stats() + " " + second.stats());
        assertEquals(sent, f.voyager.devices().history(id, 1000).size());
    }

    @Test
    void badMessagesAreDroppedInOneLogLineEachAndTheNextGoodOneIsHandled() throws InterruptedException {
        String id = id("noisy");
        DeviceClient d = device(id, Protocol.MQTT_5);
        String status = trigger(id) + "/status";
        List<String> bad = List.of(
                "not json {",
                "{\"reportId\":5,\"product\":\"locker\"}",
                report(id + "-big", "FAILED", "0.9.0", "1.0.0", "0.9.0").replace("}",
                        ",\"errorMessage\":\"" + "x".repeat(20_000) + "\"}"),
                report(id + "-other", "FAILED", "0.9.0", "1.0.0", "0.9.0").replace("}", ",\"deviceId\":\"someone\"}"),
                report(id + "-nope", "FAILED", "0.9.0", "1.0.0", "0.9.0").replace("\"locker\"", "\"toaster\""),
                report(id + "-liar", "SUCCESS", "0.9.0", "1.0.0", "0.9.0"));
        LogCapture log = LogCapture.start();
        try {
            for (String message : bad) {
                d.publish(status, message);
            }
            d.publish(trigger(id) + "/state", "{\"product\":\"locker\",\"model\":[1]}");
            d.publish(status, report(id + "-good", "FAILED", "0.9.0", "1.0.0", "0.9.0"));
            // Order holds within a topic, not across the status and state topics: wait for all of them.
            await("every message is handled or dropped", () -> server.stats().received() == bad.size() + 2
                    && server.stats().handled() + server.stats().dropped() == bad.size() + 2);
        } finally {
            log.stop();
        }
        assertEquals(1, server.stats().handled(), server.stats().toString());
        assertEquals(bad.size() + 1, server.stats().dropped(), server.stats().toString());
        assertEquals(0, server.stats().failed());
        assertEquals(List.of(id + "-good"), f.voyager.devices().history(id, 10).stream()
                .map(r -> r.reportId()).toList());
        List<String> lines = log.lines();
        assertEquals(bad.size() + 1, lines.stream().filter(l -> l.contains("dropped MQTT message")).count(),
                String.join("\n", lines));
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception:")),
                "no stack traces: " + String.join("\n", lines));
    }

    @Test
    void triggersWaitInTheOutboxWhileTheTransportIsDownAndGoOutOnceItIsBack() {
        String id = id("waiting");
        known(id, S3, "0.9.0");
        Release staged = f.staged("1.0.0");
        f.voyager.relayOutbox(); // staging's trigger: no testers, nothing sent
        server.close();
        f.voyager.releases().promote(staged.id(), RolloutSpec.all());
        f.voyager.relayOutbox();
        List<OutboxEvent> pending = f.registry.outbox().list(OutboxState.PENDING, 10);
        assertEquals(1, pending.size());
        assertTrue(pending.get(0).lastError().orElseThrow().contains("has not started"),
                pending.get(0).lastError().orElseThrow());

        VoyagerMqtt back = server(config());
        f.clock.advance(Duration.ofMinutes(10));
        assertEquals(1, f.voyager.relayOutbox());
        assertEquals(1, back.stats().triggersSent());
        DeviceClient d = device(id, Protocol.MQTT_3_1_1);
        d.subscribe(trigger(id));
        assertEquals("1.0.0", TriggerMessage.read(d.next().payload()).get("version"));
    }
}
