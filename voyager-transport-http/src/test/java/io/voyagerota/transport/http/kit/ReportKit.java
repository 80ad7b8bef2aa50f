package io.voyagerota.transport.http.kit;

import io.voyagerota.testing.TestJson;
import io.voyagerota.device.ReportStatus;
import io.voyagerota.transport.http.HttpConfig;
import io.voyagerota.version.Version;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;

import static io.voyagerota.transport.http.kit.HttpFixture.PRODUCT;
import static io.voyagerota.transport.http.kit.HttpFixture.S3;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reports, {@code POST /v1/devices/{id}/reports}, and the error answers shared by every route: routing, methods,
 * body and header limits, JSON limits, and failures inside the server.
 */
public abstract class ReportKit extends AdapterKit {
    private String secret;

    @BeforeEach
    void release() {
        f.production("1.0.0", 2048);
        f.production("1.1.0", 2048);
        secret = f.enrol("d1");
    }

    private HttpResponse<String> report(String json) {
        return send(request("/v1/devices/d1/reports").header("Authorization", "Bearer " + secret)
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(json)));
    }

    private static String report(String id, String status, String running, String extra) {
        return "{\"reportId\":\"" + id + "\",\"product\":\"" + PRODUCT + "\",\"fromVersion\":\"1.0.0\","
                + "\"toVersion\":\"v1.1.0\",\"runningVersion\":\"" + running + "\",\"status\":\"" + status + "\""
                + extra + "}";
    }

    @Test
    void aReportIsRecordedOnceAndItsRetryIsAcknowledgedAsADuplicate() {
        String body = report("r-1", "downloading", "1.0.0", ",\"metrics\":{\"downloadMs\":1500,\"bytes\":2048,"
                + "\"battery\":90,\"rssi\":-61},\"reportedAt\":\"2029-12-31T23:59:00Z\"");
        HttpResponse<String> first = report(body);
        assertEquals(202, first.statusCode(), first::body);
        assertEquals("application/json", header(first, "Content-Type"));
        assertEquals(Map.of("reportId", "r-1", "outcome", "recorded"), TestJson.object(first.body()));

        HttpResponse<String> retry = report(body);
        assertEquals(200, retry.statusCode(), retry::body);
        assertEquals(Map.of("reportId", "r-1", "outcome", "duplicate"), TestJson.object(retry.body()));
        assertEquals(1, f.voyager.devices().history("d1", 10).size());
        assertEquals(ReportStatus.DOWNLOADING, f.voyager.devices().history("d1", 10).get(0).status());
    }

    @Test
    void aSuccessUpdatesTheDevice() {
        assertEquals(202, report(report("r-ok", "SUCCESS", "1.1.0", "")).statusCode());
        assertEquals(Version.parse("1.1.0"), f.voyager.devices().get("d1").currentVersion());
        assertEquals(1, f.voyager.devices().get("d1").updatesSucceeded());
    }

    @Test
    void aSuccessWhileRunningTheOldVersionIsRefusedWith422AndNotRecorded() {
        Map<String, Object> problem = assertProblem(report(report("r-2", "SUCCESS", "1.0.0", "")), 422,
                "invalid-report");
        assertTrue(((String) problem.get("detail")).contains("SUCCESS"), (String) problem.get("detail"));
        assertEquals(0, f.voyager.devices().history("d1", 10).size());
    }

    @Test
    void aReportAboutAnotherDeviceIsRefusedWith422() {
        assertProblem(report(report("r-3", "FAILED", "1.0.0", ",\"deviceId\":\"d2\"")), 422, "invalid-report");
    }

    @Test
    void aReportForAnUnknownProductIs404() {
        assertProblem(report(report("r-4", "FAILED", "1.0.0", "").replace(PRODUCT, "toaster")), 404, "not-found");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"product\":\"locker\",\"fromVersion\":\"1.0.0\",\"toVersion\":\"1.1.0\",\"runningVersion\":\"1.0.0\",\"status\":\"FAILED\"} | reportId",
            "{\"reportId\":\"r\",\"product\":\"locker\",\"fromVersion\":\"1.0.0\",\"toVersion\":\"1.1.0\",\"runningVersion\":\"1.0.0\",\"status\":\"EXPLODED\"} | status",
            "{\"reportId\":\"r\",\"product\":\"locker\",\"fromVersion\":\"one\",\"toVersion\":\"1.1.0\",\"runningVersion\":\"1.0.0\",\"status\":\"FAILED\"} | fromVersion",
            "{\"reportId\":\"r\",\"product\":7,\"fromVersion\":\"1.0.0\",\"toVersion\":\"1.1.0\",\"runningVersion\":\"1.0.0\",\"status\":\"FAILED\"} | product",
            "{\"reportId\":\"r\",\"product\":\"locker\",\"fromVersion\":\"1.0.0\",\"toVersion\":\"1.1.0\",\"runningVersion\":\"1.0.0\",\"status\":\"FAILED\",\"metrics\":{\"rssi\":5}} | metrics.rssi",
            "{\"reportId\":\"r\",\"product\":\"locker\",\"fromVersion\":\"1.0.0\",\"toVersion\":\"1.1.0\",\"runningVersion\":\"1.0.0\",\"status\":\"FAILED\",\"metrics\":{\"bytes\":1.5}} | metrics.bytes",
            "{\"reportId\":\"r\",\"product\":\"locker\",\"fromVersion\":\"1.0.0\",\"toVersion\":\"1.1.0\",\"runningVersion\":\"1.0.0\",\"status\":\"FAILED\",\"reportedAt\":\"yesterday\"} | reportedAt"
    })
    void aMalformedReportIs400NamingTheField(String json, String field) {
        Map<String, Object> problem = assertProblem(report(json), 400, "invalid-parameter");
        assertEquals(field, problem.get("parameter"));
    }

    @Test
    void anInvalidValueTheCoreRefusesIs400() {
        assertProblem(report(report("r 5", "FAILED", "1.0.0", "")), 400, "invalid-input");
        assertProblem(report(report("r-6", "FAILED", "1.0.0", ",\"errorCode\":\"Not A Code\"")), 400,
                "invalid-input");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"reportId\": | invalid-json",
            "[1,2] | invalid-json",
            "{\"a\":1} {\"b\":2} | invalid-json",
            "{\"reportId\":\"r\",\"reportId\":\"s\"} | invalid-json",
            "{\"x\":[[[[[[[[[[[[1]]]]]]]]]]]]} | invalid-json"
    })
    void malformedOrTooDeepJsonIs400(String json, String code) {
        assertProblem(report(json), 400, code);
    }

    @Test
    void aJsonLimitIsNamedInPlainWords() {
        Map<String, Object> problem = assertProblem(report("{\"x\":[[[[[[[[[[[[1]]]]]]]]]]]]}"), 400, "invalid-json");
        String detail = (String) problem.get("detail");
        assertTrue(detail.startsWith("the JSON body exceeds a limit of this server: ") && detail.contains("depth")
                && detail.contains("(" + HttpConfig.defaults().maxJsonDepth() + ")"), detail);
        assertTrue(!detail.contains("`") && !detail.contains("Constraints"), "no pointers into the parser: " + detail);
    }

    @Test
    void reportsNeedTheDevicesCredential() {
        HttpResponse<String> response = send(request("/v1/devices/d1/reports")
                .POST(BodyPublishers.ofString(report("r-7", "FAILED", "1.0.0", ""))));
        assertProblem(response, 401, "unauthorized");
        assertEquals(0, f.voyager.devices().history("d1", 10).size());
    }

    @Test
    void aBodyOverTheLimitIs413AndOtherMediaTypesAre415() {
        start(b -> b.config(HttpConfig.defaults().withMaxBodyBytes(1024)));
        String padded = report("r-8", "FAILED", "1.0.0", ",\"errorMessage\":\"" + "x".repeat(1100) + "\"");
        assertProblem(report(padded), 413, "body-too-large");
        assertProblem(send(request("/v1/devices/d1/reports").header("Authorization", "Bearer " + secret)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("reportId=r"))), 415, "unsupported-media-type");
    }

    @Test
    void aHeaderOverTheLimitIs431() {
        start(b -> b.config(HttpConfig.defaults().withMaxHeaderBytes(256)));
        assertProblem(send(request("/v1/devices/d1/update?product=" + PRODUCT + "&model=" + S3 + "&version=1.0.0")
                .header("Authorization", "Bearer " + secret).header("If-None-Match", "\"" + "a".repeat(300) + "\"")),
                431, "header-too-large");
    }

    @Test
    void unknownRoutesAre404AndWrongMethods405WithAllow() {
        assertProblem(send(request("/v1/devices/d1/firmware")), 404, "not-found");
        assertProblem(send(request("/v1/devices/d1/update/")), 404, "not-found");
        assertProblem(send(request("/v1/artifacts/")), 404, "not-found");
        HttpResponse<String> delete = send(request("/v1/devices/d1/update").DELETE());
        assertProblem(delete, 405, "method-not-allowed");
        assertEquals("GET, POST", header(delete, "Allow"));
        HttpResponse<String> head = send(request("/v1/devices/d1/update").method("HEAD",
                BodyPublishers.noBody()));
        assertEquals(405, head.statusCode(), "HEAD is answered by the handler, not by the container's GET");
        assertEquals("GET, POST", header(head, "Allow"));
        HttpResponse<String> get = send(request("/v1/devices/d1/reports"));
        assertProblem(get, 405, "method-not-allowed");
        assertEquals("POST", header(get, "Allow"));
        HttpResponse<String> put = send(request("/v1/artifacts/a/b.bin").PUT(BodyPublishers.ofString("x")));
        assertEquals("GET, HEAD", header(put, "Allow"));
    }

    @Test
    void aFailureInsideTheServerIsA500WithoutDetailsOfTheCause() {
        start(b -> b.deviceTags(id -> {
            throw new IllegalStateException("directory offline at io.example.Secret");
        }));
        HttpResponse<String> response = send(request("/v1/devices/d1/update?product=" + PRODUCT + "&model=" + S3
                + "&version=1.0.0").header("Authorization", "Bearer " + secret));
        Map<String, Object> problem = assertProblem(response, 500, "internal-error");
        assertTrue(!response.body().contains("directory offline"), response.body());
        assertEquals(Set.of("type", "title", "status", "detail", "instance", "code"), problem.keySet());
    }
}
