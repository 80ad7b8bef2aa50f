package io.voyagerota.decision;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NoUpdateReasonTest {
    @Test
    void wireCodesAreUniqueKebabCaseAndPinned() {
        Set<String> seen = new HashSet<>();
        for (NoUpdate.Reason r : NoUpdate.Reason.values()) {
            assertTrue(r.code().matches("[a-z]+(-[a-z]+)*"), r.code());
            assertTrue(seen.add(r.code()), "duplicate " + r.code());
        }
        // Devices and dashboards match on these strings: changing one is a breaking change of the wire format.
        assertEquals("up-to-date", NoUpdate.Reason.UP_TO_DATE.code());
        assertEquals("not-in-rollout", NoUpdate.Reason.NOT_IN_ROLLOUT.code());
        assertEquals("battery-too-low", NoUpdate.Reason.BATTERY_TOO_LOW.code());
    }
}
