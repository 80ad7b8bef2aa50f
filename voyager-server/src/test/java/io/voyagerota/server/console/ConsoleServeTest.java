package io.voyagerota.server.console;

import io.voyagerota.server.TestServers;
import io.voyagerota.server.VoyagerServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code voyager serve} answers the console at /console/, pointed at the API's base path, browser or not. */
class ConsoleServeTest {
    @TempDir
    Path data;

    @Test
    void theConsoleIsServedBesideTheApiAtItsBasePath() throws Exception {
        try (VoyagerServer server = TestServers.start(data, new ByteArrayOutputStream(), b -> b.basePath("/ota"))) {
            HttpResponse<String> page = TestServers.get(server.url().resolve("/console/"));
            assertEquals(200, page.statusCode());
            assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElse(""));
            assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
            assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
            assertTrue(page.body().contains("<meta name=\"voyager-api\" content=\"/ota\">"), page.body());
            assertEquals(401, TestServers.get(server.url().resolve("/ota/admin/products")).statusCode(),
                    "the API beside it still wants the token");
        }
    }
}
