package io.voyagerota.wire;

import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.decision.Offer;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.InvalidReportException;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.testing.FlatJson;
import io.voyagerota.testing.VoyagerFixture;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static io.voyagerota.testing.VoyagerFixture.PRODUCT;
import static io.voyagerota.testing.VoyagerFixture.S3;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireJsonTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:10:00Z");
    private final WireJson json = WireJson.defaults();

    @Test
    void anOfferIsWrittenWithEveryFieldAndItsManifest() throws IOException {
        VoyagerFixture f = new VoyagerFixture();
        f.production("1.4.2", io.voyagerota.rollout.RolloutSpec.all(), b -> b.minBatteryPercent(30));
        Offer offer = (Offer) f.voyager.check(DeviceCheck.of("24:0a:c4:12:34:56", PRODUCT, S3,
                Version.parse("1.4.1")));
        byte[] bytes = OfferJson.toBytes(json, offer);
        Map<String, String> fields = FlatJson.fields(new String(bytes, StandardCharsets.UTF_8));
        assertEquals(java.util.List.of("version", "kind", "format", "url", "size", "sha256", "parts", "manifest", "required",
                "secureVersion", "minBattery", "deviceId", "model", "expiresAt", "sequence"),
                java.util.List.copyOf(fields.keySet()));
        assertEquals("1.4.2", fields.get("version"));
        assertEquals("upgrade", fields.get("kind"));
        assertEquals("app-image", fields.get("format"));
        assertEquals(offer.downloadUrl(), fields.get("url"));
        assertEquals("30", fields.get("minBattery"));
        assertEquals("24:0a:c4:12:34:56", fields.get("deviceId"));
        assertEquals(String.valueOf(offer.expiresAt().getEpochSecond()), fields.get("expiresAt"));
        assertEquals(String.valueOf(offer.sequence()), fields.get("sequence"));

        byte[] manifest = java.util.Base64.getDecoder().decode(fields.get("manifest"));
        io.voyagerota.catalog.ReleaseManifest read = io.voyagerota.catalog.ReleaseManifest.parse(manifest);
        assertEquals(offer.manifest().manifest(), read, "the manifest the release key signs, in canonical bytes");
        assertEquals(offer.sha256(), read.sha256());
        assertEquals(offer.version(), read.version());
    }

    @Test
    void aReportIsReadWithItsMetricsAndAFutureTimeBecomesNow() {
        DeviceReport r = read("{\"reportId\":\"r-1\",\"product\":\"locker\",\"fromVersion\":\"v1.4.1\","
                + "\"toVersion\":\"1.4.2\",\"runningVersion\":\"1.4.2\",\"status\":\"success\",\"deviceId\":\"d1\","
                + "\"metrics\":{\"downloadMs\":15000,\"bytes\":1536000,\"battery\":78,\"rssi\":-61,\"new\":[1]},"
                + "\"reportedAt\":\"2031-01-01T00:00:00Z\",\"extra\":{\"a\":1}}");
        assertEquals("d1", r.deviceId());
        assertEquals(ReportStatus.SUCCESS, r.status());
        assertEquals(Version.parse("1.4.1"), r.fromVersion());
        assertEquals(78, r.metrics().batteryPercent().getAsInt());
        assertEquals(-61, r.metrics().rssi().getAsInt());
        assertTrue(r.metrics().installMillis().isEmpty());
        assertEquals(NOW, r.reportedAt(), "a device clock ahead of the server's is not believed");
        assertEquals(Instant.ofEpochSecond(1_000), read(report(",\"reportedAt\":1000")).reportedAt());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "{\"product\":\"locker\",\"fromVersion\":\"1.0.0\",\"toVersion\":\"1.1.0\",\"runningVersion\":\"1.0.0\",\"status\":\"FAILED\"} | reportId",
            "{\"reportId\":5} | reportId",
            "{\"reportId\":\"r\",\"product\":\"locker\",\"fromVersion\":\"x.y\",\"toVersion\":\"1.1.0\",\"runningVersion\":\"1.0.0\",\"status\":\"FAILED\"} | fromVersion",
            "{\"reportId\":\"r\",\"product\":\"locker\",\"fromVersion\":\"1.0.0\",\"toVersion\":\"1.1.0\",\"runningVersion\":\"1.0.0\",\"status\":\"EXPLODED\"} | status",
            "{\"metrics\":{\"rssi\":5}} | metrics.rssi",
            "{\"metrics\":{\"battery\":1e400}} | metrics.battery",
            "{\"metrics\":[]} | metrics",
            "{\"reportedAt\":\"yesterday\"} | reportedAt",
    })
    void aBadFieldIsNamed(String body, String field) {
        WireFormatException e = assertThrows(WireFormatException.class, () -> read(body));
        assertEquals(field, e.field().orElseThrow(), e.getMessage());
        assertEquals("invalid-field", e.code());
        assertTrue(e.getMessage().contains("'" + field + "'"), e.getMessage());
        assertEquals(0, e.getStackTrace().length, "refusing input is routine, not a bug");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json | not valid JSON",
            "[1] | one JSON object",
            "{\"a\":1} {} | content after",
            "{\"reportId\":\"r\",\"reportId\":\"s\"} | Duplicate",
            "{\"x\":[[[[[[[[[[1]]]]]]]]]]} | exceeds a limit",
    })
    void malformedInputIsRefusedAsAWhole(String body, String says) {
        WireFormatException e = assertThrows(WireFormatException.class, () -> read(body));
        assertTrue(e.field().isEmpty());
        assertEquals("invalid-json", e.code());
        assertTrue(e.getMessage().contains(says), e.getMessage());
        assertFalse(e.getMessage().contains("`"), "no pointers into the parser: " + e.getMessage());
    }

    @Test
    void aReportForAnotherDeviceIsRefused() {
        InvalidReportException e = assertThrows(InvalidReportException.class,
                () -> read(report(",\"deviceId\":\"d2\"")));
        assertTrue(e.getMessage().contains("'d2'") && e.getMessage().contains("'d1'"), e.getMessage());
    }

    @Test
    void limitsAreChecked() {
        assertThrows(io.voyagerota.InvalidInputException.class, () -> new WireLimits(1, 2048, 16384));
        WireJson tight = new WireJson(new WireLimits(8, 64, 1024));
        byte[] big = report(",\"errorMessage\":\"" + "x".repeat(100) + "\"").getBytes(StandardCharsets.UTF_8);
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> ReportJson.read(tight, big, 0, big.length, "d1", NOW));
        assertTrue(e.getMessage().contains("exceeds a limit"), e.getMessage());
    }

    private static String report(String more) {
        return "{\"reportId\":\"r-1\",\"product\":\"locker\",\"fromVersion\":\"1.0.0\",\"toVersion\":\"1.1.0\","
                + "\"runningVersion\":\"1.0.0\",\"status\":\"FAILED\"" + more + "}";
    }

    private DeviceReport read(String body) {
        byte[] bytes = ("  " + body).getBytes(StandardCharsets.UTF_8);
        return ReportJson.read(json, bytes, 2, bytes.length - 2, "d1", NOW);
    }
}
