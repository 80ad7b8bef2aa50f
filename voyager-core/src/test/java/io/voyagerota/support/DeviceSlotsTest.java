package io.voyagerota.support;

import io.voyagerota.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DeviceSlotsTest {
    @Test
    void aValueIsFoundOnlyForItsDeviceAndTheSourceItWasComputedFrom() {
        DeviceSlots<String> slots = new DeviceSlots<>(64);
        slots.put("d1", "offer-a", "signed-a");
        assertEquals("signed-a", slots.find("d1", "offer-a"));
        assertNull(slots.find("d1", "offer-b"), "another source: computed anew");
        assertNull(slots.find("d2", "offer-a"), "another device never gets d1's value");
        slots.put("d1", "offer-b", "signed-b");
        assertEquals("signed-b", slots.find("d1", "offer-b"));
        assertNull(slots.find("d1", "offer-a"), "a device keeps one value: its newest");
    }

    @Test
    void fourDevicesShareASetAndAFifthEvictsTheOldest() {
        DeviceSlots<String> slots = new DeviceSlots<>(1); // rounded up to one set of four ways
        assertEquals(4, slots.capacity());
        for (int i = 1; i <= 4; i++) {
            slots.put("d" + i, "s", "v" + i);
        }
        slots.put("d2", "s2", "v2'"); // replaced in place: d1 stays the oldest
        slots.put("d5", "s", "v5");
        assertNull(slots.find("d1", "s"), "the oldest went");
        assertEquals("v2'", slots.find("d2", "s2"));
        assertEquals("v3", slots.find("d3", "s"));
        assertEquals("v4", slots.find("d4", "s"));
        assertEquals("v5", slots.find("d5", "s"));
    }

    @Test
    void noSlotsKeepNothingAndTheSizeIsBounded() {
        DeviceSlots<String> none = new DeviceSlots<>(0);
        none.put("d1", "s", "v");
        assertNull(none.find("d1", "s"));
        assertEquals(8, new DeviceSlots<String>(5).capacity(), "rounded up to a power of two");
        assertThrows(InvalidInputException.class, () -> new DeviceSlots<String>(-1));
        assertThrows(InvalidInputException.class, () -> new DeviceSlots<String>((1 << 24) + 1));
    }
}
