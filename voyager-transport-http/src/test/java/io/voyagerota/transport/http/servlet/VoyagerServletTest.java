package io.voyagerota.transport.http.servlet;

import io.voyagerota.transport.http.kit.HttpFixture;
import io.voyagerota.testing.TestJson;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What only the servlet adapter does: living under a web application's context path. */
class VoyagerServletTest {
    @Test
    void aContextPathComposesWithTheBasePath() throws Exception {
        HttpFixture f = new HttpFixture("/ota/v1"); // devices see the context path in the links
        byte[] firmware = f.firmwareOf(f.production("1.1.0", 7000));
        String secret = f.enrol("d1");
        try (JettyServed served = JettyServed.start(f.handler().build(), "/ota")) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> check = client.send(HttpRequest.newBuilder(URI.create(served.origin()
                    + "/ota/v1/devices/d1/update?product=locker&model=locker-s3&version=1.0.0"))
                    .header("Authorization", "Bearer " + secret).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, check.statusCode(), check::body);
            String url = (String) TestJson.object(check.body()).get("url");
            assertTrue(url.startsWith("/ota/v1/artifacts/"), url);
            HttpResponse<byte[]> download = client.send(HttpRequest.newBuilder(URI.create(served.origin() + url))
                    .header("Range", "bytes=100-").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(206, download.statusCode());
            assertArrayEquals(java.util.Arrays.copyOfRange(firmware, 100, firmware.length), download.body());
        }
    }
}
