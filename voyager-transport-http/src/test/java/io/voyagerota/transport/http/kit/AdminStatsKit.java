package io.voyagerota.transport.http.kit;

import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.ReportAttribution;
import io.voyagerota.device.ReportMetrics;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static io.voyagerota.transport.http.kit.HttpFixture.PRODUCT;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A product's fleet statistics through the admin API: the JSON shape, the range and its defaults, refusals. */
public abstract class AdminStatsKit extends AdminSupport {

    @Test
    void statsSummariseTheProductsFleetOverTheRange() {
        String rollout = promoted("1.0.0", "{}");
        report("r1", "d1", ReportStatus.SUCCESS, "1.0.0", null, Optional.of(rollout), 2000, 4_000_000);
        report("r2", "d2", ReportStatus.FAILED, "0.9.0", "flash-write", Optional.of(rollout), 1000, 1_000_000);
        report("r3", "d3", ReportStatus.DOWNLOADING, "0.9.0", null, Optional.of(rollout), 0, 0);
        f.clock.advance(Duration.ofDays(1));
        report("r4", "d3", ReportStatus.ROLLED_BACK, "0.9.0", null, Optional.of(rollout), 4000, 2_000_000);

        Map<String, Object> stats = ok(get("/products/" + PRODUCT + "/stats?from=2029-12-31&to=2030-01-02"));
        assertEquals(PRODUCT, stats.get("productId"));
        assertEquals("2029-12-31", stats.get("from"));
        assertEquals("2030-01-02", stats.get("to"));
        assertEquals(3L, stats.get("devices"));
        assertEquals(List.of(Map.of("version", "0.9.0", "devices", 2L), Map.of("version", "1.0.0", "devices", 1L)),
                stats.get("versions"));
        assertEquals(1L, stats.get("succeeded"));
        assertEquals(1L, stats.get("failed"));
        assertEquals(1L, stats.get("rolledBack"));
        assertEquals(1.0 / 3, (Double) stats.get("successRate"), 1e-9);
        assertEquals(List.of(day("2029-12-31", 0, 0, 0), day("2030-01-01", 1, 1, 0), day("2030-01-02", 0, 0, 1)),
                stats.get("days"));
        // Speeds 2,000,000, 1,000,000 and 500,000 B/s; times 2000, 1000 and 4000 ms.
        assertEquals(Map.of("samples", 3L, "averageMs", 7000.0 / 3, "p95Ms", 4000L,
                "averageBytesPerSecond", 3_500_000.0 / 3, "p95BytesPerSecond", 2_000_000L), stats.get("downloads"));
        assertEquals(Map.of("flash-write", 1L, "rolled-back", 1L), stats.get("failuresByCode"));
        assertEquals(List.of(Map.of("rolloutId", rollout, "devices", 3L, "byStatus",
                Map.of("SUCCESS", 1L, "FAILED", 1L, "ROLLED_BACK", 1L))), stats.get("rollouts"));
    }

    @Test
    void theRangeDefaultsToTheThirtyDaysUpToToday() {
        Map<String, Object> stats = ok(get("/products/" + PRODUCT + "/stats"));
        assertEquals("2029-12-03", stats.get("from"));
        assertEquals("2030-01-01", stats.get("to"));
        assertEquals(30, list(stats.get("days")).size());
        assertEquals(1.0, stats.get("successRate"));
        assertEquals(Map.of("samples", 0L, "averageMs", 0.0, "p95Ms", 0L, "averageBytesPerSecond", 0.0,
                "p95BytesPerSecond", 0L), stats.get("downloads"));
        assertEquals("2029-12-27", ok(get("/products/" + PRODUCT + "/stats?to=2030-01-25")).get("from"));
    }

    @Test
    void badRangesAndUnknownProductsAreRefused() {
        String base = "/products/" + PRODUCT + "/stats";
        assertEquals("from", assertProblem(get(base + "?from=yesterday"), 400, "invalid-parameter").get("parameter"));
        assertEquals("days", assertProblem(get(base + "?days=3"), 400, "invalid-parameter").get("parameter"));
        assertProblem(get(base + "?from=2030-01-02&to=2030-01-01"), 422, "invalid-input");
        assertProblem(get(base + "?from=2028-01-01&to=2030-01-01"), 422, "invalid-input");
        assertProblem(get("/products/toaster/stats"), 404, "not-found");
    }

    private static Map<String, Object> day(String day, long succeeded, long failed, long rolledBack) {
        return Map.of("day", day, "succeeded", succeeded, "failed", failed, "rolledBack", rolledBack);
    }

    private void report(String id, String device, ReportStatus status, String running, String errorCode,
                        Optional<String> rollout, long millis, long bytes) {
        ReportMetrics metrics = millis == 0 ? ReportMetrics.none() : new ReportMetrics(OptionalLong.of(millis),
                OptionalLong.of(bytes), OptionalLong.empty(), OptionalInt.empty(), OptionalInt.empty());
        f.voyager.registry().fleet().record(new DeviceReport(id, device, PRODUCT, Version.parse("0.9.0"),
                Version.parse("1.0.0"), Version.parse(running), status, Optional.ofNullable(errorCode),
                Optional.empty(), metrics, f.clock.instant()), rollout.map(r -> ReportAttribution.counted(r, 0))
                .orElseGet(() -> ReportAttribution.notCounted(ReportAttribution.NO_ROLLOUT)));
    }
}
