package io.voyagerota.jdbc;

import io.voyagerota.Voyager;
import io.voyagerota.catalog.Chip;
import io.voyagerota.catalog.HardwareModel;
import io.voyagerota.catalog.Product;
import io.voyagerota.catalog.Release;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.decision.Selection;
import io.voyagerota.memory.InMemoryArtifactStorage;
import io.voyagerota.outbox.OutboxState;
import io.voyagerota.rollout.RolloutSpec;
import io.voyagerota.spi.DeviceNotifier;
import io.voyagerota.testing.MutableClock;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two started nodes on one database share a promotion's fan-out: it is split into chunks that their fan-out
 * workers (two per node) deliver in parallel, and every device is nudged exactly once.
 */
abstract class FanoutOnJdbcTest extends DatabaseTest {
    private static final int DEVICES = 2_500;

    private final MutableClock clock = MutableClock.create();
    private final InMemoryArtifactStorage storage = new InMemoryArtifactStorage(clock);
    private final Map<String, Integer> triggers = new ConcurrentHashMap<>();
    private final Map<String, Integer> byWorker = new ConcurrentHashMap<>();

    private Voyager node(String name) {
        DeviceNotifier counting = new DeviceNotifier() {
            @Override
            public void trigger(String productId, String deviceId, String reason) {
                throw new AssertionError("the fan-out hands over the offer");
            }

            @Override
            public void trigger(String productId, Selection selection, String reason) throws InterruptedException {
                Thread.sleep(0, 500_000); // a broker's round trip, so that one worker cannot take every chunk
                triggers.merge(selection.deviceId(), 1, Integer::sum);
                byWorker.merge(name + "/" + Thread.currentThread().getName(), 1, Integer::sum);
            }
        };
        return Voyager.builder().registry(JdbcRegistry.builder(database.dataSource()).build())
                .artifactStorage(storage).clock(clock).notifier(counting).build();
    }

    @Test
    @Timeout(120)
    void twoNodesShareAFanOutAndNudgeEveryDeviceOnce() throws Exception {
        Voyager a = node("a");
        Voyager b = node("b");
        try {
            a.products().create(Product.of("locker", "Smart locker", new HardwareModel("locker-s3",
                    Chip.ESP32_S3)));
            for (int i = 0; i < DEVICES; i++) {
                a.check(DeviceCheck.of(String.format("dev-%05d", i), "locker", "locker-s3", Version.parse("1.0.0")));
            }
            a.tick();
            Release release = VoyagerOnJdbcTest.uploaded(a, "2.0.0");
            a.releases().stage(release.id());
            a.relayOutbox(); // staging's fan-out: testers only, of whom there are none
            a.releases().promote(release.id(), RolloutSpec.all());

            long started = System.nanoTime();
            a.start();
            b.start();
            while (triggers.size() < DEVICES && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(90)) {
                Thread.sleep(20);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            System.out.println(dialect() + ": fan-out of " + DEVICES + " devices on two nodes in " + millis
                    + " ms, triggers by worker " + byWorker);
            assertEquals(DEVICES, triggers.size(), "every device nudged");
            while (registry.outbox().counts().get(OutboxState.PENDING)
                    + registry.outbox().counts().get(OutboxState.PROCESSING) > 0
                    && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(100)) {
                Thread.sleep(20);
            }
        } finally {
            a.close();
            b.close();
        }
        assertTrue(triggers.values().stream().allMatch(n -> n == 1), "no device nudged twice: " + byWorker);
        assertEquals(0L, registry.outbox().counts().get(OutboxState.FAILED));
        long chunks = registry.outbox().list(OutboxState.PROCESSED, 1000).stream()
                .filter(e -> e.type().equals("devices.trigger.chunk")).count();
        assertEquals(2 * 3, chunks, "staging's fan-out and the promotion's, each in three chunks");
        assertTrue(byWorker.size() > 1, "the chunks were shared by several workers: " + byWorker);
    }
}
