package io.voyagerota.examples.spring;

import io.voyagerota.auth.Secrets;
import io.voyagerota.catalog.Chip;
import io.voyagerota.testing.images.Esp32ImageBuilder;
import io.voyagerota.testing.images.GeneratedFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import javax.sql.DataSource;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sample booted for real, on a random port with H2 in memory: an operator walks a release into production
 * through the admin API, a device checks, downloads and reports over HTTP, and Actuator shows Voyager's health and
 * meters. Built on Boot 3.5 (this module) and on Boot 4.0 (examples/spring-boot-sample-boot4).
 */
class SampleApplicationTest {
    private static final String TOKEN = Secrets.newToken();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path artifacts;
    private static ConfigurableApplicationContext app;
    private static String base;

    @BeforeAll
    static void boot() {
        app = SpringApplication.run(SampleApplication.class, "--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:sample;DB_CLOSE_DELAY=-1",
                "--voyager.storage.fs.directory=" + artifacts,
                "--voyager.admin.token-sha256.ops=" + Secrets.hash(TOKEN));
        base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aDeviceChecksDownloadsAndReportsOverTheApplicationsOwnServletContainer() throws Exception {
        admin("POST", "/v1/admin/products", "{\"id\":\"locker\",\"name\":\"Smart locker\","
                + "\"models\":[{\"name\":\"locker-s3\",\"chip\":\"esp32-s3\"}]}", 201);
        String release = field(admin("POST", "/v1/admin/products/locker/releases", "{\"version\":\"1.2.0\"}", 201),
                "id");
        GeneratedFile image = new Esp32ImageBuilder().chip(Chip.ESP32_S3).version("1.2.0").projectName("locker")
                .segments(4096, 4096).seed(7).build().file();
        byte[] bytes;
        try (InputStream in = image.open()) {
            bytes = in.readAllBytes();
        }
        send(HttpRequest.newBuilder(URI.create(base + "/v1/admin/releases/" + release + "/artifact"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)), 200);
        admin("POST", "/v1/admin/releases/" + release + "/stage", "", 200);
        admin("POST", "/v1/admin/releases/" + release + "/promote",
                "{\"target\":{\"type\":\"percent\",\"percent\":100}}", 200);
        String secret = field(admin("POST", "/v1/admin/devices/locker-0001/credentials", "", 201), "secret");

        String offer = send(HttpRequest.newBuilder(URI.create(base
                + "/v1/devices/locker-0001/update?product=locker&model=locker-s3&version=1.0.0"))
                .header("Authorization", "Bearer " + secret), 200);
        assertEquals("1.2.0", field(offer, "version"), offer);
        HttpResponse<byte[]> download = HTTP.send(HttpRequest.newBuilder(URI.create(base + field(offer, "url")))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, download.statusCode());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(download.body())),
                field(offer, "sha256"), "the download is the offered image");
        send(HttpRequest.newBuilder(URI.create(base + "/v1/devices/locker-0001/reports"))
                .header("Authorization", "Bearer " + secret).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reportId\":\"locker-0001-1\",\"product\":\"locker\","
                        + "\"fromVersion\":\"1.0.0\",\"toVersion\":\"1.2.0\",\"runningVersion\":\"1.2.0\","
                        + "\"status\":\"SUCCESS\"}")), 202);

        String device = admin("GET", "/v1/admin/devices/locker-0001", "", 200);
        assertEquals("1.2.0", field(device, "currentVersion"), device);
        String health = send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/voyager")), 200);
        assertTrue(health.contains("\"status\":\"UP\"") && health.contains("\"registry\":\"up\"")
                && health.contains("\"storage\":\"up\""), health);
        assertEquals(1.0, meter("voyager.checks", "outcome:offer"));
        assertEquals(1.0, meter("voyager.reports", "status:success"));
        assertEquals(1.0, meter("voyager.downloads", "result:completed"));
    }

    @Test
    void theApplicationsOwnFlywayMigratesFirstAndVoyagerBesideIt() throws Exception {
        // On a fresh database Flyway refuses a schema that already holds tables but no history of its own: the
        // application booting at all says Voyager waited; the histories say each tool kept to its own.
        try (Connection c = app.getBean(DataSource.class).getConnection(); Statement s = c.createStatement()) {
            assertEquals("1 sites", one(s, "SELECT \"version\" || ' ' || \"description\""
                    + " FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL AND \"success\""));
            assertEquals("0", one(s, "SELECT COUNT(*) FROM sample_site"));
            assertTrue(Integer.parseInt(one(s, "SELECT MAX(version) FROM voyager_schema_version")) >= 6);
            assertEquals("0", one(s, "SELECT COUNT(*) FROM \"flyway_schema_history\""
                    + " WHERE \"script\" LIKE '%voyager%'"), "none of Voyager's scripts in the application's history");
        }
    }

    private static String one(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getString(1);
        }
    }

    private static double meter(String name, String tag) throws Exception {
        String body = send(HttpRequest.newBuilder(URI.create(base + "/actuator/metrics/" + name + "?tag=" + tag)),
                200);
        Matcher m = Pattern.compile("\"value\":([0-9.E+-]+)").matcher(body);
        assertTrue(m.find(), body);
        return Double.parseDouble(m.group(1));
    }

    private static String admin(String method, String path, String json, int status) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").method(method, json.isEmpty()
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)), status);
    }

    private static String send(HttpRequest.Builder request, int status) throws Exception {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), response.body());
        return response.body();
    }

    /** A string field of a JSON body: enough for the few this test reads. */
    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return m.group(1);
    }
}
