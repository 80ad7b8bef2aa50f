package io.voyagerota.server.console;

import io.voyagerota.testing.TestJson;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Devices of one product over the HTTP APIs: enrolled with the admin API, then checking for an update and
 * reporting over the device API (docs/device-api.md) as firmware does.
 */
final class HttpFleet {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI root;
    private final String adminToken;
    private final String product;
    private final String model;
    private final Map<String, String> secrets = new LinkedHashMap<>();

    HttpFleet(URI root, String adminToken, String product, String model) {
        this.root = root;
        this.adminToken = adminToken;
        this.product = product;
        this.model = model;
    }

    /** Enrols {@code count} devices, {@code prefix-000} onwards, each with a credential of its own. */
    void enrol(String prefix, int count) throws IOException, InterruptedException {
        for (int i = 0; i < count; i++) {
            String id = String.format("%s-%03d", prefix, i);
            HttpResponse<String> r = send(HttpRequest.newBuilder(root.resolve("/v1/admin/devices/" + id
                    + "/credentials")).header("Authorization", "Bearer " + adminToken)
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(201, r.statusCode(), r.body());
            secrets.put(id, (String) TestJson.object(r.body()).get("secret"));
        }
    }

    /** Every device checks in running {@code version}; answers the ids of those offered {@code offered}. */
    List<String> check(String version, String offered) throws IOException, InterruptedException {
        return check(version, offered, List.of());
    }

    /** As {@link #check(String, String)}, but the devices {@code skip} names do not check in. */
    List<String> check(String version, String offered, List<String> skip) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (var device : secrets.entrySet()) {
            if (skip.contains(device.getKey())) {
                continue;
            }
            HttpResponse<String> r = send(HttpRequest.newBuilder(root.resolve("/v1/devices/" + device.getKey()
                    + "/update?product=" + product + "&model=" + model + "&version=" + version))
                    .header("Authorization", "Bearer " + device.getValue()).GET().build());
            if (r.statusCode() == 200) {
                assertEquals(offered, TestJson.object(r.body()).get("version"), r.body());
                ids.add(device.getKey());
            } else {
                assertEquals(204, r.statusCode(), "check from " + device.getKey() + ": " + r.body());
            }
        }
        return ids;
    }

    /** A device reports the outcome of its update from {@code from} to {@code to}. */
    void report(String deviceId, String from, String to, boolean success) throws IOException, InterruptedException {
        String body = "{\"reportId\":\"" + deviceId + "-" + to + "\",\"product\":\"" + product + "\","
                + "\"fromVersion\":\"" + from + "\",\"toVersion\":\"" + to + "\",\"runningVersion\":\""
                + (success ? to : from) + "\",\"status\":\"" + (success ? "SUCCESS" : "FAILED") + "\""
                + (success ? "" : ",\"errorCode\":\"flash-write\",\"errorMessage\":\"write failed at 0x10000\"")
                + ",\"metrics\":{\"downloadMs\":1200,\"bytes\":200000}}";
        HttpResponse<String> r = send(HttpRequest.newBuilder(root.resolve("/v1/devices/" + deviceId + "/reports"))
                .header("Authorization", "Bearer " + secrets.get(deviceId))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(202, r.statusCode(), r.body());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
