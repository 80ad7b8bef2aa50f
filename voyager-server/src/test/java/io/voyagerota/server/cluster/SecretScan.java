package io.voyagerota.server.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No secret reaches a node's log: not the admin token, the storage credentials, the keys, nor any device's secret,
 * and not the wrong ones presented by an attacker either (a refused credential is where a careless log line would
 * quote it).
 */
final class SecretScan {
    private SecretScan() {
    }

    /** Presents a wrong device secret and a wrong admin token to {@code node}; both are refused with 401. */
    static void presentWrongCredentials(HttpClient http, URI node, String deviceId, String wrongSecret,
                                        String wrongToken) throws IOException, InterruptedException {
        HttpResponse<String> check = http.send(HttpRequest.newBuilder(node.resolve("/v1/devices/" + deviceId
                + "/update?product=p&model=m&version=1.0.0")).header("Authorization", "Bearer " + wrongSecret)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, check.statusCode(), check.body());
        HttpResponse<String> admin = http.send(HttpRequest.newBuilder(node.resolve("/v1/admin/products"))
                .header("Authorization", "Bearer " + wrongToken).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, admin.statusCode(), admin.body());
    }

    /** Fails naming the secret and the node when any node's log holds any of {@code secrets} (name to value). */
    static void assertNoneLogged(Map<String, String> secrets, ServeProcess... nodes) throws IOException {
        for (ServeProcess node : nodes) {
            String log = node.log();
            assertTrue(log.contains(" ready in "), "the node's log is read: " + log.length() + " characters");
            secrets.forEach((name, value) -> assertFalse(log.contains(value), name + " appears in a node's log"));
        }
    }
}
