package io.voyagerota.internal;

import io.voyagerota.device.DeviceSighting;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SightingBufferTest {
    private static final Version V1 = Version.parse("1.0.0");
    private static final Version V2 = Version.parse("2.0.0");

    @Test
    void keepsTheLatestSightingOfEachDevice() {
        SightingBuffer buffer = new SightingBuffer(1000);
        buffer.add("d1", "p", "m", V1, 1_000);
        buffer.add("d2", "p", "m", V1, 1_500);
        buffer.add("d1", "p", "m2", V2, 2_000);

        Map<String, DeviceSighting> drained = byId(buffer.drain());
        assertEquals(2, drained.size());
        assertEquals(new DeviceSighting("d1", "p", "m2", V2, Instant.ofEpochMilli(2_000)), drained.get("d1"));
        assertEquals(new DeviceSighting("d2", "p", "m", V1, Instant.ofEpochMilli(1_500)), drained.get("d2"));
        assertTrue(buffer.drain().isEmpty(), "a drain takes everything");
    }

    @Test
    void dropsAndCountsBeyondTheLimitUntilTheNextDrain() {
        SightingBuffer buffer = new SightingBuffer(16);
        for (int i = 0; i < 1000; i++) {
            buffer.add("device-" + i, "p", "m", V1, i);
        }
        List<DeviceSighting> first = buffer.drain();
        assertEquals(16, first.size(), "held exactly the limit");
        assertEquals(1000 - 16, buffer.dropped());

        buffer.add("late", "p", "m", V1, 5_000);
        assertEquals(List.of("late"), buffer.drain().stream().map(DeviceSighting::deviceId).toList(),
                "after a drain there is room again");
    }

    @Test
    void aBufferSizedToTheFleetHoldsEveryDeviceHoweverTheirIdsHash() {
        SightingBuffer buffer = new SightingBuffer(10_000);
        for (int i = 0; i < 10_000; i++) {
            buffer.add("dev-" + i, "p", "m", V1, i);
        }
        assertEquals(0, buffer.dropped(), "the limit is the buffer's, not an even share per stripe");
        buffer.add("one-too-many", "p", "m", V1, 10_000);
        assertEquals(1, buffer.dropped());
        assertEquals(10_000, buffer.drain().size());
        buffer.add("after-the-drain", "p", "m", V1, 10_001);
        assertEquals(1, buffer.drain().size(), "a drain gives the room back");
    }

    @Test
    void zeroLimitHoldsNothing() {
        SightingBuffer buffer = new SightingBuffer(0);
        buffer.add("d1", "p", "m", V1, 1);
        assertTrue(buffer.drain().isEmpty());
    }

    @Test
    void concurrentChecksAndDrainsLoseNoDeviceAndKeepItsNewestSighting() throws Exception {
        SightingBuffer buffer = new SightingBuffer(1_000_000);
        int threads = 4;
        int devices = 2_000;
        int rounds = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int offset = t;
            pool.execute(() -> {
                // Each device belongs to one thread, which sights it with growing timestamps.
                for (int round = 1; round <= rounds; round++) {
                    for (int d = offset; d < devices; d += threads) {
                        buffer.add("device-" + d, "p", "m", V1, round);
                    }
                }
                done.countDown();
            });
        }
        Map<String, Long> newest = new java.util.HashMap<>();
        while (done.getCount() > 0) {
            for (DeviceSighting s : buffer.drain()) {
                newest.merge(s.deviceId(), s.at().toEpochMilli(), Math::max);
            }
        }
        for (DeviceSighting s : buffer.drain()) {
            newest.merge(s.deviceId(), s.at().toEpochMilli(), Math::max);
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(devices, newest.size(), "every device was sighted");
        assertTrue(newest.values().stream().allMatch(at -> at == rounds), "the last sighting of every device survives");
        assertEquals(0, buffer.dropped());
    }

    private static Map<String, DeviceSighting> byId(List<DeviceSighting> sightings) {
        return sightings.stream().collect(Collectors.toMap(DeviceSighting::deviceId, Function.identity()));
    }
}
