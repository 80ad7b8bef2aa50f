package io.voyagerota.wire;

import io.voyagerota.catalog.Chip;
import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckJsonTest {
    private static final WireJson JSON = WireJson.defaults();

    private static CheckJson json(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return CheckJson.read(JSON, bytes, 0, bytes.length);
    }

    @Test
    void aJsonBodyAndQueryTextGiveTheSameCheck() {
        DeviceCheck fromJson = json("{\"product\":\"locker\",\"model\":\"locker-s3\",\"version\":\"v1.4\","
                + "\"chip\":\"ESP32-S3\",\"battery\":80,\"secureVersion\":2,\"nonce\":\"9f86d081884c7d659a2feaa0c55ad015\","
                + "\"future\":{\"x\":[1,2]}}").toCheck("dev-1", Set.of("tester"));
        DeviceCheck fromText = CheckJson.fromText("locker", "locker-s3", "v1.4", "ESP32-S3", "80", "2",
                "9f86d081884c7d659a2feaa0c55ad015").toCheck("dev-1", Set.of("tester"));
        DeviceCheck expected = new DeviceCheck("dev-1", "locker", "locker-s3", Optional.of(Chip.ESP32_S3),
                Version.parse("1.4.0"), Set.of("tester"), OptionalInt.of(80), 2);
        assertEquals(expected, fromJson);
        assertEquals(expected, fromText);
    }

    @Test
    void optionalFieldsLeftOutMeanNoBatteryNoChipAndEpochZero() {
        DeviceCheck c = json("{\"product\":\"locker\",\"model\":\"locker-s3\",\"version\":\"1.0.0\",\"battery\":null}")
                .toCheck("d", Set.of());
        assertEquals(OptionalInt.empty(), c.batteryPercent());
        assertEquals(Optional.empty(), c.chip());
        assertEquals(0, c.secureVersion());
        assertEquals(Optional.empty(), CheckJson.fromText("p", "m", "1", null, null, null, null).nonce());
    }

    @Test
    void errorsNameTheFieldAndSayWhatToSendInTheSourcesOwnWords() {
        assertField("product", "JSON field 'product' is missing: send the product id",
                () -> json("{\"model\":\"m\",\"version\":\"1\"}").toCheck("d", Set.of()));
        assertField("version", "query parameter 'version' is empty",
                () -> CheckJson.fromText("p", "m", " ", null, null, null, null).toCheck("d", Set.of()));
        assertField("chip", "'chip' is 'esp8266', which is not an ESP32 chip",
                () -> CheckJson.fromText("p", "m", "1", "esp8266", null, null, null).toCheck("d", Set.of()));
        assertField("battery", "'battery' is '101' but must be a whole percentage",
                () -> CheckJson.fromText("p", "m", "1", null, "101", null, null).toCheck("d", Set.of()));
        assertField("battery", "JSON field 'battery' is 101 but must be between 0 and 100",
                () -> json("{\"product\":\"p\",\"model\":\"m\",\"version\":\"1\",\"battery\":101}"));
        assertField("secureVersion", "'secureVersion' is '-1'",
                () -> CheckJson.fromText("p", "m", "1", null, null, "-1", null).toCheck("d", Set.of()));
        assertField("nonce", "'nonce' must be 16 to 64 letters",
                () -> CheckJson.fromText("p", "m", "1", null, null, null, "short").toCheck("d", Set.of()));
        assertField("deviceId", "'deviceId' is 'other' but the message came from device 'd'",
                () -> json("{\"deviceId\":\"other\",\"product\":\"p\",\"model\":\"m\",\"version\":\"1\"}")
                        .toCheck("d", Set.of()));
        WireFormatException whole = assertThrows(WireFormatException.class, () -> json("[1]"));
        assertEquals(Optional.empty(), whole.field());
    }

    private static void assertField(String field, String text, org.junit.jupiter.api.function.Executable reading) {
        WireFormatException e = assertThrows(WireFormatException.class, reading);
        assertEquals(Optional.of(field), e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }
}
