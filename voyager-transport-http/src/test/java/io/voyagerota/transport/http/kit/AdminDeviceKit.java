package io.voyagerota.transport.http.kit;

import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.ReportMetrics;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

import static io.voyagerota.transport.http.kit.HttpFixture.PRODUCT;
import static io.voyagerota.transport.http.kit.HttpFixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Devices through the admin API: a product's devices page by page, one device, its history, its credential and its
 * tags.
 */
public abstract class AdminDeviceKit extends AdminSupport {

    private void seen(String... devices) {
        for (String device : devices) {
            f.voyager.check(DeviceCheck.of(device, PRODUCT, S3, Version.parse("1.0.0")));
        }
        f.voyager.tick();
    }

    @Test
    void aProductsDevicesArePagedByIdWithACursor() {
        seen("d5", "d1", "d4", "d2", "d3");
        List<Object> ids = new ArrayList<>();
        String next = "";
        int pages = 0;
        do {
            Map<String, Object> page = ok(get("/products/" + PRODUCT + "/devices?limit=2"
                    + (next.isEmpty() ? "" : "&after=" + next)));
            list(page.get("devices")).forEach(d -> ids.add(map(d).get("deviceId")));
            next = (String) page.getOrDefault("next", "");
            pages++;
        } while (!next.isEmpty());
        assertEquals(List.of("d1", "d2", "d3", "d4", "d5"), ids);
        assertEquals(3, pages, "2 + 2 + 1, and the last page has no 'next'");
        assertEquals(5, list(ok(get("/products/" + PRODUCT + "/devices")).get("devices")).size());
        assertEquals(List.of(), ok(get("/products/" + PRODUCT + "/devices?after=d5")).get("devices"));
    }

    @Test
    void aBadPageIs400AndAnUnknownProduct404() {
        assertEquals("limit", assertProblem(get("/products/" + PRODUCT + "/devices?limit=0"), 400,
                "invalid-parameter").get("parameter"));
        assertEquals("limit", assertProblem(get("/products/" + PRODUCT + "/devices?limit=5000"), 400,
                "invalid-parameter").get("parameter"));
        assertEquals("limit", assertProblem(get("/products/" + PRODUCT + "/devices?limit=ten"), 400,
                "invalid-parameter").get("parameter"));
        assertEquals("after", assertProblem(get("/products/" + PRODUCT + "/devices?after=a%20b"), 400,
                "invalid-parameter").get("parameter"));
        assertProblem(get("/products/toaster/devices"), 404, "not-found");
    }

    @Test
    void aDeviceShowsWhatItReportedAndTheTagsTheServerKnows() {
        start(b -> b.deviceTags(id -> id.equals("24:0a:c4:12:34:56") ? Set.of("tester", "beta") : Set.of()));
        String id = "24:0a:c4:12:34:56";
        seen(id);
        f.clock.advance(Duration.ofMinutes(1));
        f.voyager.devices().report(new DeviceReport("r-1", id, PRODUCT, Version.parse("1.0.0"),
                Version.parse("1.1.0"), Version.parse("1.0.0"), ReportStatus.FAILED, Optional.of("sha256-mismatch"),
                Optional.of("hash differs"), new ReportMetrics(OptionalLong.of(1500), OptionalLong.of(2048),
                OptionalLong.empty(), OptionalInt.of(80), OptionalInt.of(-61)), f.clock.instant()));

        Map<String, Object> device = ok(get("/devices/24%3A0a%3Ac4%3A12%3A34%3A56"));
        assertEquals(Map.of("deviceId", id, "productId", PRODUCT, "model", S3, "currentVersion", "1.0.0",
                "lastStatus", "FAILED", "lastError", "hash differs", "lastSeen", f.clock.instant().toString(),
                "updatesSucceeded", 0L, "updatesFailed", 1L, "tags", List.of("beta", "tester")), device);
        assertEquals(device, ok(get("/devices/" + id)), "the id raw or percent-encoded");
    }

    @Test
    void aDevicesHistoryIsNewestFirstAndLimited() {
        seen("d1");
        for (int i = 0; i < 3; i++) {
            f.clock.advance(Duration.ofSeconds(10));
            f.voyager.devices().report(new DeviceReport("r-" + i, "d1", PRODUCT, Version.parse("1.0.0"),
                    Version.parse("1.1.0"), Version.parse("1.0.0"), ReportStatus.values()[i], Optional.empty(),
                    Optional.empty(), ReportMetrics.none(), f.clock.instant()));
        }
        List<Object> reports = list(ok(get("/devices/d1/history")).get("reports"));
        assertEquals(List.of("r-2", "r-1", "r-0"), reports.stream().map(r -> map(r).get("reportId")).toList());
        assertEquals(Map.ofEntries(Map.entry("reportId", "r-2"), Map.entry("deviceId", "d1"),
                Map.entry("productId", PRODUCT), Map.entry("fromVersion", "1.0.0"), Map.entry("toVersion", "1.1.0"),
                Map.entry("runningVersion", "1.0.0"), Map.entry("status", "REBOOTING"), Map.entry("metrics", Map.of()),
                Map.entry("reportedAt", f.clock.instant().toString()), Map.entry("counted", false),
                Map.entry("notCountedReason", "unknown-release")), reports.get(0),
                "no release 1.1.0: kept in the history, counted toward no rollout, and says why");
        assertEquals(List.of("r-2"), list(ok(get("/devices/d1/history?limit=1")).get("reports")).stream()
                .map(r -> map(r).get("reportId")).toList());
        assertEquals("limit", assertProblem(get("/devices/d1/history?limit=-1"), 400, "invalid-parameter")
                .get("parameter"));
    }

    private HttpResponse<String> check(String device, String secret) {
        return send(request("/v1/devices/" + device + "/update?product=" + PRODUCT + "&model=" + S3
                + "&version=1.0.0").header("Authorization", "Bearer " + secret));
    }

    @Test
    void aCredentialIssuedHereLetsTheDeviceCheckUntilReplacedOrRevoked() {
        Map<String, Object> issued = json(post("/devices/d9/credentials"), 201);
        assertEquals("d9", issued.get("deviceId"));
        String first = (String) issued.get("secret");
        assertEquals(204, check("d9", first).statusCode(), "the device is known by its credential");

        String second = (String) json(post("/devices/d9/credentials"), 201).get("secret");
        assertNotEquals(first, second);
        assertEquals(401, check("d9", first).statusCode(), "a new credential replaces the old one");
        assertEquals(204, check("d9", second).statusCode());
        assertProblem(send(request("/v1/admin/products").header("Authorization", "Bearer " + second)), 401,
                "unauthorized");

        HttpResponse<String> revoked = delete("/devices/d9/credentials");
        assertEquals(204, revoked.statusCode(), revoked::body);
        assertEquals("", revoked.body());
        assertEquals(401, check("d9", second).statusCode());
        assertProblem(delete("/devices/d9/credentials"), 404, "not-found");
        assertEquals("deviceId", assertProblem(post("/devices/a%20b/credentials"), 400, "invalid-parameter")
                .get("parameter"));
    }

    @Test
    void tagsSetHereDecideWhoIsOfferedAStagingRelease() {
        String secret = f.enrol("lab-1");
        f.staged("1.1.0", 3000, b -> b);
        assertEquals(204, check("lab-1", secret).statusCode(), "staging is for testers");
        Map<String, Object> tagged = ok(put("/devices/lab-1/tags", tags("\"Tester\",\"beta\",\"tester\""),
                "application/json"));
        assertEquals(Map.of("deviceId", "lab-1", "tags", List.of("beta", "tester")), tagged);
        assertEquals(200, check("lab-1", secret).statusCode(), "now a tester");
        f.voyager.tick();
        assertEquals(List.of("beta", "tester"), ok(get("/devices/lab-1")).get("tags"));

        assertEquals(List.of(), ok(put("/devices/lab-1/tags", tags(""), "application/json")).get("tags"));
        assertEquals(204, check("lab-1", secret).statusCode());
    }

    private static byte[] tags(String list) {
        return ("{\"tags\":[" + list + "]}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void badTagsAreRefusedAndChangeNothing() {
        f.voyager.devices().setTags("d1", Set.of("beta"));
        assertEquals("tags", assertProblem(put("/devices/d1/tags", "{}".getBytes(StandardCharsets.UTF_8),
                "application/json"), 400, "invalid-parameter").get("parameter"));
        assertEquals("tags", assertProblem(put("/devices/d1/tags", "{\"tags\":\"beta\"}".getBytes(
                StandardCharsets.UTF_8), "application/json"), 400, "invalid-parameter").get("parameter"));
        assertEquals("colour", assertProblem(put("/devices/d1/tags", "{\"tags\":[],\"colour\":1}".getBytes(
                StandardCharsets.UTF_8), "application/json"), 400, "invalid-parameter").get("parameter"));
        assertProblem(put("/devices/d1/tags", tags("\"a b\""), "application/json"), 422, "invalid-input");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 33; i++) {
            many.append(i == 0 ? "" : ",").append("\"t").append(i).append('"');
        }
        assertProblem(put("/devices/d1/tags", tags(many.toString()), "application/json"), 422, "invalid-input");
        assertEquals(Set.of("beta"), f.voyager.devices().tags("d1"));
    }

    @Test
    void anUnknownDeviceIs404AndAMalformedId400() {
        assertProblem(get("/devices/ghost"), 404, "not-found");
        assertProblem(get("/devices/ghost/history"), 404, "not-found");
        assertEquals("deviceId", assertProblem(get("/devices/a%20b"), 400, "invalid-parameter").get("parameter"));
    }
}
