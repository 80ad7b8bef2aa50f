package io.voyagerota.transport.http.kit;

import io.voyagerota.testing.TestJson;
import io.voyagerota.catalog.Chip;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the admin kits share: an admin token, requests that carry it, and drafts walked through the API. */
public abstract class AdminSupport extends AdapterKit {
    protected final String token = f.adminToken;

    protected final HttpRequest.Builder admin(String path) {
        return request("/v1/admin" + path).header("Authorization", "Bearer " + token);
    }

    protected final HttpResponse<String> get(String path) {
        return send(admin(path).GET());
    }

    protected final HttpResponse<String> post(String path, String json) {
        return send(admin(path).header("Content-Type", "application/json").POST(BodyPublishers.ofString(json)));
    }

    protected final HttpResponse<String> post(String path) {
        return send(admin(path).POST(BodyPublishers.noBody()));
    }

    protected final HttpResponse<String> put(String path, byte[] body, String contentType) {
        return send(admin(path).header("Content-Type", contentType).PUT(BodyPublishers.ofByteArray(body)));
    }

    protected final HttpResponse<String> delete(String path) {
        return send(admin(path).DELETE());
    }

    /** Asserts a JSON answer with {@code status} and returns it. */
    protected static Map<String, Object> json(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response::body);
        assertEquals("application/json", header(response, "Content-Type"));
        assertEquals("no-store", header(response, "Cache-Control"));
        return TestJson.object(response.body());
    }

    protected static Map<String, Object> ok(HttpResponse<String> response) {
        return json(response, 200);
    }

    @SuppressWarnings("unchecked")
    protected static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    protected static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    /** Creates a draft of {@value HttpFixture#PRODUCT} for the S3 model through the API; returns its id. */
    protected final String draft(String version) {
        return (String) json(post("/products/" + HttpFixture.PRODUCT + "/releases", "{\"version\":\"" + version
                + "\",\"models\":[\"" + HttpFixture.S3 + "\"]}"), 201).get("id");
    }

    /** A valid application image for the S3 model declaring {@code version}. */
    protected static byte[] image(String version) {
        return Esp32Images.appImage(Chip.ESP32_S3, version, 0, 3000, version.hashCode());
    }

    /** A draft with its image uploaded and staged, through the API; returns its id. */
    protected final String staged(String version) {
        String id = draft(version);
        ok(put("/releases/" + id + "/artifact", image(version), "application/octet-stream"));
        ok(post("/releases/" + id + "/stage"));
        return id;
    }

    /** Staged, then promoted with the given rollout spec; returns the rollout's id. */
    protected final String promoted(String version, String spec) {
        Map<String, Object> answer = ok(post("/releases/" + staged(version) + "/promote", spec));
        return (String) map(answer.get("rollout")).get("id");
    }
}
