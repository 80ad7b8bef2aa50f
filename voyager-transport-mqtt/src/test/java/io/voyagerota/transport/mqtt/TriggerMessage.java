package io.voyagerota.transport.mqtt;

import io.voyagerota.testing.FlatJson;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reads a trigger as a device would: a hint with exactly four fields, nothing to download from and nothing signed. */
final class TriggerMessage {
    private TriggerMessage() {
    }

    static Map<String, String> read(String payload) {
        Map<String, String> hint = FlatJson.fields(payload);
        assertEquals(Set.of("deviceId", "version", "kind", "sequence"), hint.keySet(), "the trigger's fields: " + payload);
        return hint;
    }
}
