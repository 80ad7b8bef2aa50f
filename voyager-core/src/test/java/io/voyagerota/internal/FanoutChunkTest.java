package io.voyagerota.internal;

import io.voyagerota.Voyager;
import io.voyagerota.VoyagerConfig;
import io.voyagerota.catalog.Release;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.decision.Offer;
import io.voyagerota.decision.Selection;
import io.voyagerota.outbox.ClaimFilter;
import io.voyagerota.outbox.OutboxEvent;
import io.voyagerota.outbox.OutboxRelay;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.rollout.RolloutSpec;
import io.voyagerota.spi.DeviceNotifier;
import io.voyagerota.spi.OutboxStore;
import io.voyagerota.support.Payloads;
import io.voyagerota.testing.VoyagerFixture;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.voyagerota.testing.VoyagerFixture.PRODUCT;
import static io.voyagerota.testing.VoyagerFixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fan-out is split into chunk events that each cover a bounded range of devices, redelivery of the event that
 * asked for it adds no chunk and nudges no device twice, and the catalog watch keeps this node current while a
 * fan-out is stuck in a slow notifier.
 */
class FanoutChunkTest {
    private static final int DEVICES = 4_500;

    /** Counts each device's triggers, after running {@code onTrigger}. */
    static final class Counting implements DeviceNotifier {
        final Map<String, Integer> triggers = new ConcurrentHashMap<>();
        private final Runnable onTrigger;

        Counting(Runnable onTrigger) {
            this.onTrigger = onTrigger;
        }

        @Override
        public void trigger(String productId, String deviceId, String reason) {
            throw new AssertionError("the fan-out hands over the offer");
        }

        @Override
        public void trigger(String productId, Selection selection, String reason) {
            onTrigger.run();
            triggers.merge(selection.deviceId(), 1, Integer::sum);
        }
    }

    @Test
    @Timeout(60)
    void aRedeliveredFanOutIsSplitOnceAndNudgesEveryDeviceWithAnOfferOnce() throws Exception {
        Counting counting = new Counting(() -> { });
        VoyagerFixture f = new VoyagerFixture(VoyagerConfig.defaults(), b -> b.notifier(counting));
        int eligible = 0;
        for (int i = 0; i < DEVICES; i++) {
            boolean old = i % 3 != 0; // a third are already on a newer version: no offer, no trigger
            eligible += old ? 1 : 0;
            f.voyager.check(DeviceCheck.of(String.format("dev-%05d", i), PRODUCT, S3,
                    Version.parse(old ? "0.9.0" : "2.0.0")));
        }
        f.voyager.tick();
        Release staged = f.staged("1.0.0");
        f.voyager.relayOutbox(); // staging's fan-out: testers only, of whom there are none
        f.voyager.releases().promote(staged.id(), RolloutSpec.all());
        OutboxStore outbox = f.registry.outbox();

        // A relay claims the promotion's fan-out, splits it, and dies before marking it: the lease runs out.
        OutboxEvent parent = outbox.claim("crashed", f.clock.instant(), Duration.ofMinutes(1), 1,
                ClaimFilter.only(EventTypes.DEVICES_TRIGGER)).get(0);
        new TriggerSplit(f.registry.fleet(), outbox, f.clock).handle(parent);
        long chunks = chunksOf(outbox, parent);
        assertEquals((DEVICES + TriggerSplit.CHUNK - 1) / TriggerSplit.CHUNK, chunks,
                "chunks of at most " + TriggerSplit.CHUNK + " devices, the last one open-ended");
        f.clock.advance(Duration.ofMinutes(2));

        long started = System.nanoTime();
        assertEquals(1, f.voyager.relayOutbox(), "the parent, reclaimed and split again");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.println("fan-out of " + DEVICES + " devices in memory (" + chunks + " chunks): " + millis + " ms");

        assertEquals(chunks, chunksOf(outbox, parent), "the second split stored no chunk");
        assertEquals(OutboxState.PROCESSED, outbox.find(parent.id()).orElseThrow().state());
        assertEquals(eligible, counting.triggers.size(), "every device with an offer was nudged");
        assertTrue(counting.triggers.values().stream().allMatch(n -> n == 1), "and none twice");
        assertFalse(counting.triggers.containsKey("dev-00000"), "a device on a newer version is left alone");
        assertEquals(0L, outbox.counts().get(OutboxState.PENDING));
        assertEquals(0L, outbox.counts().get(OutboxState.FAILED));
    }

    /**
     * A chunk is claimed for {@link VoyagerConfig#fanoutLease()}, so a node that dies mid-chunk holds it that long
     * only; an ordinary event keeps the relay's default lease, since an artifact delete may take a slow store.
     */
    @Test
    void fanOutChunksAreLeasedForTheFanOutLeaseAndOtherEventsForTheDefault() throws Exception {
        Map<String, Duration> leases = new ConcurrentHashMap<>();
        VoyagerFixture[] holder = new VoyagerFixture[1];
        Runnable recordLeases = () -> holder[0].registry.outbox().list(OutboxState.PROCESSING, 10).forEach(e ->
                leases.put(e.type(), Duration.between(holder[0].clock.instant(), e.leaseUntil().orElseThrow())));
        Counting counting = new Counting(recordLeases);
        VoyagerFixture f = new VoyagerFixture(VoyagerConfig.defaults().withFanoutLease(Duration.ofSeconds(7)),
                b -> b.notifier(counting).outboxHandler("host.ping", e -> recordLeases.run()));
        holder[0] = f;
        f.voyager.check(DeviceCheck.of("dev-1", PRODUCT, S3, Version.parse("0.9.0")));
        f.voyager.tick();
        f.registry.outbox().append(List.of(OutboxEvent.pending("host.ping", "host", "{}", f.clock.instant())));
        f.voyager.releases().promote(f.staged("1.0.0").id(), RolloutSpec.all());
        f.voyager.relayOutbox();
        assertEquals(1, counting.triggers.size(), "the device was nudged");
        assertEquals(Duration.ofSeconds(7), leases.get(EventTypes.DEVICES_TRIGGER_CHUNK), "the fan-out lease");
        assertEquals(OutboxRelay.DEFAULT_LEASE, leases.get("host.ping"), "the default lease");
    }

    private static long chunksOf(OutboxStore outbox, OutboxEvent parent) {
        return outbox.list(OutboxState.PENDING, 10_000).stream().filter(e -> isChunkOf(e, parent)).count()
                + outbox.list(OutboxState.PROCESSED, 10_000).stream().filter(e -> isChunkOf(e, parent)).count();
    }

    private static boolean isChunkOf(OutboxEvent e, OutboxEvent parent) {
        return e.type().equals(EventTypes.DEVICES_TRIGGER_CHUNK)
                && Payloads.read(e.payload()).get("parent").equals(parent.id());
    }

    @Test
    @Timeout(30)
    void theCatalogWatchSeesAnotherNodesRevocationWhileAFanOutIsBlocked() throws Exception {
        VoyagerFixture f = new VoyagerFixture(); // node A: not started, it only makes changes
        f.voyager.check(DeviceCheck.of("slow-1", PRODUCT, S3, Version.parse("0.9.0")));
        f.voyager.tick();
        CountDownLatch inFanOut = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Counting blocking = new Counting(() -> {
            inFanOut.countDown();
            try {
                release.await(20, TimeUnit.SECONDS); // a broker that stopped answering
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Voyager nodeB = Voyager.builder().registry(f.registry).artifactStorage(f.storage).clock(f.clock)
                .notifier(blocking).build();
        try {
            Release live = f.production("1.0.0");
            nodeB.start();
            assertTrue(inFanOut.await(10, TimeUnit.SECONDS), "node B's fan-out reached the notifier");
            DeviceCheck check = DeviceCheck.of("slow-1", PRODUCT, S3, Version.parse("0.9.0"));
            assertInstanceOf(Offer.class, nodeB.check(check), "node B offers the live release");

            long revoked = System.nanoTime();
            f.voyager.releases().revoke(live.id(), "bad battery readings");
            long generation = f.registry.catalog().generation();
            while (nodeB.snapshot().generation() != generation
                    && System.nanoTime() - revoked < TimeUnit.SECONDS.toNanos(5)) {
                Thread.sleep(10);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - revoked);
            System.out.println("revocation in force on node B after " + millis + " ms, its fan-out still blocked");
            assertEquals(1, release.getCount(), "the fan-out is still blocked");
            assertTrue(millis < 2_000, "node B saw the revocation after " + millis + " ms; the bound is 2 s");
            assertFalse(nodeB.check(check) instanceof Offer, "node B no longer offers the revoked release");
        } finally {
            release.countDown();
            nodeB.close();
        }
    }
}
