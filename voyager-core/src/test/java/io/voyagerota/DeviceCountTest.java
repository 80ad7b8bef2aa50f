package io.voyagerota;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceCountTest {
    private static final long START = 1_000_000_000L;
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private static DeviceCount took(long nanos) {
        return new DeviceCount(7, Instant.EPOCH, START, nanos, 10, 3);
    }

    @Test
    void aCheapCountIsNeverReused() {
        DeviceCount count = took(DeviceCount.MIN_COST_NANOS - 1);
        assertFalse(count.reusable(7, START + 1), "a count of a small fleet is redone on every poll");
    }

    @Test
    void aCostlyCountIsReusedForTenTimesWhatItTook() {
        DeviceCount count = took(4000 * MS); // a million devices on PostgreSQL
        assertTrue(count.reusable(7, START + 4000 * MS));
        assertTrue(count.reusable(7, START + 39_999 * MS));
        assertFalse(count.reusable(7, START + 40_000 * MS), "after ten times its cost it is counted again");
        DeviceCount justCostly = took(DeviceCount.MIN_COST_NANOS);
        assertTrue(justCostly.reusable(7, START + DeviceCount.MIN_COST_NANOS));
    }

    @Test
    void aChangedRolloutIsCountedAgainAtOnce() {
        DeviceCount count = took(4000 * MS);
        assertFalse(count.reusable(8, START + MS), "widened, replanned, advanced, paused: its revision moved");
    }
}
