package io.voyagerota.transport.http.kit;

import io.voyagerota.decision.DeviceCheck;
import io.voyagerota.device.DeviceReport;
import io.voyagerota.device.ReportMetrics;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.voyagerota.transport.http.kit.HttpFixture.PRODUCT;
import static io.voyagerota.transport.http.kit.HttpFixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rollouts through the admin API: promotion specs, widening, pausing, and their progress. */
public abstract class AdminRolloutKit extends AdminSupport {

    @Test
    void aRolloutIsListedReadAndWidened() {
        String id = promoted("1.0.0", "{\"target\":{\"type\":\"percent\",\"percent\":10}}");
        Map<String, Object> rollout = ok(get("/rollouts/" + id));
        assertEquals(PRODUCT, rollout.get("productId"));
        assertEquals("active", rollout.get("state"));
        assertEquals(0L, rollout.get("stage"));
        assertEquals(Map.of("type", "percent", "percent", 10L), rollout.get("target"));
        assertFalse(rollout.containsKey("plan") || rollout.containsKey("pauseReason") || rollout.containsKey("startAt"));
        assertEquals(List.of(rollout), ok(get("/products/" + PRODUCT + "/rollouts")).get("rollouts"));

        Map<String, Object> wider = ok(post("/rollouts/" + id + "/widen", "{\"target\":{\"type\":\"percent\","
                + "\"percent\":50}}"));
        assertEquals(Map.of("type", "percent", "percent", 50L), wider.get("target"));
        assertEquals((Long) rollout.get("revision") + 1, wider.get("revision"));
        assertProblem(post("/rollouts/" + id + "/widen", "{\"target\":{\"type\":\"percent\",\"percent\":20}}"), 409,
                "illegal-transition");
        assertProblem(post("/rollouts/" + id + "/widen", "{\"target\":{\"type\":\"tags\",\"tags\":[\"beta\"]}}"),
                409, "illegal-transition");
        assertEquals("target", assertProblem(post("/rollouts/" + id + "/widen", "{}"), 400, "invalid-parameter")
                .get("parameter"));
        assertEquals(Map.of("type", "all"), ok(post("/rollouts/" + id + "/widen", "{\"target\":{\"type\":\"all\"}}"))
                .get("target"));
        assertProblem(get("/rollouts/nope"), 404, "not-found");
        assertProblem(post("/rollouts/nope/widen", "{\"target\":{\"type\":\"all\"}}"), 404, "not-found");
        assertProblem(get("/products/toaster/rollouts"), 404, "not-found");
    }

    @Test
    void aRolloutPausesAndResumesOnlyFromTheRightState() {
        String id = promoted("1.0.0", "{}");
        Map<String, Object> paused = ok(post("/rollouts/" + id + "/pause", "{\"reason\":\"failures on rev 2\"}"));
        assertEquals("paused", paused.get("state"));
        assertEquals("failures on rev 2", paused.get("pauseReason"));
        assertProblem(post("/rollouts/" + id + "/pause", "{\"reason\":\"again\"}"), 409, "illegal-transition");
        Map<String, Object> resumed = ok(post("/rollouts/" + id + "/resume"));
        assertEquals("active", resumed.get("state"));
        assertFalse(resumed.containsKey("pauseReason"));
        assertProblem(post("/rollouts/" + id + "/resume"), 409, "illegal-transition");
        assertEquals("why", assertProblem(post("/rollouts/" + id + "/pause", "{\"why\":\"x\"}"), 400,
                "invalid-parameter").get("parameter"));
        assertEquals("reason", assertProblem(post("/rollouts/" + id + "/pause", "{}"), 400, "invalid-parameter")
                .get("parameter"));
        assertEquals("active", ok(get("/rollouts/" + id)).get("state"));
    }

    @Test
    void aStagedPlanWithAScheduledStartIsWrittenBackAsSent() {
        String id = promoted("1.0.0", "{\"plan\":{\"stages\":[{\"percent\":0.5,\"soak\":\"PT1H\"},{\"percent\":100,"
                + "\"soak\":\"P1D\"}],\"advanceAtSuccessRate\":0.9},\"startAt\":\"2030-01-02T00:00:00Z\"}");
        Map<String, Object> rollout = ok(get("/rollouts/" + id));
        assertEquals(Map.of("type", "percent", "percent", 0.5), rollout.get("target"));
        assertEquals(Map.of("stages", List.of(Map.of("percent", 0.5, "soak", "PT1H"), Map.of("percent", 100L,
                "soak", "PT24H")), "advanceAtSuccessRate", 0.9), rollout.get("plan"));
        assertEquals("2030-01-02T00:00:00Z", rollout.get("startAt"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"target\":{\"type\":\"all\"},\"plan\":{\"stages\":[{\"percent\":1,\"soak\":\"PT1H\"}]}} | plan",
            "{\"target\":{\"type\":\"percent\",\"percent\":12.345}} | target.percent",
            "{\"target\":{\"type\":\"percent\",\"percent\":101}} | target.percent",
            "{\"target\":{\"type\":\"percent\"}} | target.percent",
            "{\"target\":{\"type\":\"half\"}} | target.type",
            "{\"target\":{\"percent\":5}} | target.type",
            "{\"target\":{\"type\":\"tags\",\"tags\":[\"beta\"],\"percent\":5}} | target",
            "{\"target\":{\"type\":\"tags\",\"tags\":[]}} | target.tags",
            "{\"target\":{\"type\":\"devices\",\"devices\":[\"ok\",\"not ok\"]}} | target.devices[1]",
            "{\"target\":{\"type\":\"all\",\"colour\":\"red\"}} | target.colour",
            "{\"target\":\"all\"} | target",
            "{\"plan\":{\"stages\":[{\"percent\":1,\"soak\":\"an hour\"}]}} | plan.stages[0].soak",
            "{\"plan\":{\"stages\":[{\"percent\":0,\"soak\":\"PT1H\"}]}} | plan.stages[0].percent",
            "{\"plan\":{\"stages\":[]}} | plan.stages",
            "{\"plan\":{\"stages\":[{\"percent\":1,\"soak\":\"PT1H\"}],\"advanceAtSuccessRate\":2}} | plan.advanceAtSuccessRate",
            "{\"startAt\":\"tomorrow\"} | startAt",
            "{\"audience\":\"all\"} | audience",
            "{\"guard\":{\"minSample\":0}} | guard.minSample",
            "{\"guard\":{\"pauseAtFailureRate\":2}} | guard.pauseAtFailureRate",
            "{\"guard\":{\"window\":\"soon\"}} | guard.window",
            "{\"guard\":{\"minSample\":50,\"windowDevices\":10}} | guard",
            "{\"guard\":{\"pauseAt\":0.1}} | guard.pauseAt",
            "{\"guard\":[]} | guard"
    })
    void aMalformedSpecIs400NamingTheFieldAndPromotesNothing(String spec, String field) {
        String id = staged("1.0.0");
        assertEquals(field, assertProblem(post("/releases/" + id + "/promote", spec), 400, "invalid-parameter")
                .get("parameter"));
        assertEquals("staging", ok(get("/releases/" + id)).get("state"));
    }

    @Test
    void aGuardSentWithThePromotionIsShownAndPausesOnItsOwnThreshold() {
        String id = promoted("1.0.0", "{\"guard\":{\"minSample\":2,\"windowDevices\":2,\"pauseAtFailureRate\":0.5}}");
        Map<String, Object> guard = map(ok(get("/rollouts/" + id)).get("guard"));
        assertEquals(2L, guard.get("minSample"));
        assertEquals(2L, guard.get("windowDevices"));
        assertEquals(0.5, guard.get("pauseAtFailureRate"));
        assertEquals(f.voyager.config().defaultGuard().window().toString(), guard.get("window"), "the rest: defaults");
        for (String device : List.of("d1", "d2")) {
            f.voyager.check(DeviceCheck.of(device, PRODUCT, S3, Version.parse("0.9.0")));
        }
        f.voyager.tick();
        report("d1", ReportStatus.FAILED, "0.9.0", "flash-write");
        assertEquals("active", ok(get("/rollouts/" + id)).get("state"), "one device is below the sample of 2");
        report("d2", ReportStatus.FAILED, "0.9.0", "flash-write");
        assertEquals("paused", ok(get("/rollouts/" + id)).get("state"), "two of two failed: at the guard's 50%");

        String plain = promoted("1.1.0", "{}");
        assertEquals(Long.valueOf(f.voyager.config().defaultGuard().minSample()),
                map(ok(get("/rollouts/" + plain)).get("guard")).get("minSample"), "without one: the default guard");
    }

    @Test
    void tagTargetsAreWrittenInLowerCaseAsDevicesTagsAre() {
        String id = promoted("1.0.0", "{\"target\":{\"type\":\"tags\",\"tags\":[\"Beta\",\"lab\",\"beta\"]}}");
        assertEquals(Map.of("type", "tags", "tags", List.of("beta", "lab")), ok(get("/rollouts/" + id)).get("target"));
        String other = staged("1.1.0");
        assertProblem(post("/releases/" + other + "/promote", "{\"target\":{\"type\":\"tags\",\"tags\":"
                + "[\"a b\"]}}"), 422, "invalid-input");
    }

    @Test
    void aRunningPlansStagesToComeAreEditedAndItsReachedStagesKept() {
        String id = promoted("1.0.0", "{\"plan\":{\"stages\":[{\"percent\":10,\"soak\":\"PT1H\"},{\"percent\":100,"
                + "\"soak\":\"PT0S\"}],\"advanceAtSuccessRate\":0.9}}");
        long revision = (Long) ok(get("/rollouts/" + id)).get("revision");
        Map<String, Object> edited = ok(plan(id, "{\"plan\":{\"stages\":[{\"percent\":10,\"soak\":\"PT2H\"},"
                + "{\"percent\":30,\"soak\":\"PT4H\"},{\"percent\":100,\"soak\":\"PT0S\"}]}}"));
        assertEquals(Map.of("stages", List.of(Map.of("percent", 10L, "soak", "PT2H"), Map.of("percent", 30L, "soak",
                "PT4H"), Map.of("percent", 100L, "soak", "PT0S")), "advanceAtSuccessRate", 0.9), edited.get("plan"),
                "a left-out advanceAtSuccessRate keeps the rollout's");
        assertEquals(0L, edited.get("stage"));
        assertEquals(Map.of("type", "percent", "percent", 10L), edited.get("target"));
        assertEquals(revision + 1, edited.get("revision"));
        assertEquals(edited, ok(get("/rollouts/" + id)));

        assertTrue(((String) assertProblem(plan(id, "{\"plan\":{\"stages\":[{\"percent\":20,\"soak\":\"PT1H\"},"
                + "{\"percent\":100,\"soak\":\"PT0S\"}]}}"), 422, "invalid-input").get("detail"))
                .contains("has been reached at 10.0%"));
        assertEquals("plan.stages[1].soak", assertProblem(plan(id, "{\"plan\":{\"stages\":[{\"percent\":10,"
                + "\"soak\":\"PT1H\"},{\"percent\":100,\"soak\":\"soon\"}]}}"), 400, "invalid-parameter")
                .get("parameter"));
        assertEquals("plan", assertProblem(plan(id, "{}"), 400, "invalid-parameter").get("parameter"));
        assertEquals(edited, ok(get("/rollouts/" + id)), "nothing changed by the refused edits");

        String fixed = promoted("1.1.0", "{\"target\":{\"type\":\"percent\",\"percent\":10}}");
        assertProblem(plan(fixed, "{\"plan\":{\"stages\":[{\"percent\":10,\"soak\":\"PT1H\"}]}}"), 409,
                "illegal-transition");
        assertProblem(plan("nope", "{\"plan\":{\"stages\":[{\"percent\":10,\"soak\":\"PT1H\"}]}}"), 404,
                "not-found");
    }

    private HttpResponse<String> plan(String rolloutId, String json) {
        return put("/rollouts/" + rolloutId + "/plan", json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    @Test
    void aPlanTheCoreRefusesIs422() {
        String id = staged("1.0.0");
        assertProblem(post("/releases/" + id + "/promote", "{\"plan\":{\"stages\":[{\"percent\":50,\"soak\":\"PT1H\"},"
                + "{\"percent\":10,\"soak\":\"PT1H\"}]}}"), 422, "invalid-input");
        assertEquals("staging", ok(get("/releases/" + id)).get("state"));
    }

    @Test
    void statsCountTheDevicesTheRolloutCoversAndTheOutcomes() {
        String id = promoted("1.0.0", "{}");
        for (String device : List.of("d1", "d2", "d3", "d4")) {
            f.voyager.check(DeviceCheck.of(device, PRODUCT, S3, Version.parse("0.9.0")));
        }
        f.voyager.tick();
        report("d1", ReportStatus.SUCCESS, "1.0.0", null);
        report("d2", ReportStatus.FAILED, "0.9.0", "flash-write");
        report("d3", ReportStatus.DOWNLOADING, "0.9.0", null);

        Map<String, Object> stats = new HashMap<>(ok(get("/rollouts/" + id + "/stats")));
        assertEquals(f.clock.instant().toString(), stats.remove("devicesCountedAt"), "counted now, on Voyager's clock");
        assertEquals(Map.of("rolloutId", id, "releaseId", ok(get("/rollouts/" + id)).get("releaseId"),
                "version", "1.0.0", "eligible", 4L, "updated", 1L, "successes", 1L, "failures", 1L,
                "successRate", 0.5, "failuresByReason", Map.of("flash-write", 1L)), stats);
        assertProblem(get("/rollouts/nope/stats"), 404, "not-found");
    }

    private void report(String device, ReportStatus status, String running, String errorCode) {
        f.voyager.devices().report(new DeviceReport(device + "-" + status, device, PRODUCT, Version.parse("0.9.0"),
                Version.parse("1.0.0"), Version.parse(running), status, Optional.ofNullable(errorCode),
                Optional.empty(), ReportMetrics.none(), f.clock.instant()));
    }
}
