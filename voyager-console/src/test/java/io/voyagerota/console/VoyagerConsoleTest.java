package io.voyagerota.console;

import com.sun.net.httpserver.HttpServer;
import io.voyagerota.InvalidInputException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console over a real JDK HTTP server: what is served where, and with which headers. */
class VoyagerConsoleTest {
    private static final Pattern SCRIPT = Pattern.compile("<script type=\"module\" src=\"(assets/[0-9a-f]{16}/app\\.js)\">");

    private static HttpServer server;
    private static URI root;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        VoyagerConsole.builder().apiBasePath("/ota/v1").build().mount(server);
        server.start();
        root = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Test
    void thePageIsNeverCachedStaleAndCarriesTheSecurityHeaders() throws Exception {
        HttpResponse<String> page = get("/console/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", header(page, "Content-Type"));
        assertEquals("no-cache", header(page, "Cache-Control"));
        assertEquals("nosniff", header(page, "X-Content-Type-Options"));
        String csp = header(page, "Content-Security-Policy");
        assertTrue(csp.contains("script-src 'self'") && csp.contains("style-src 'self'")
                && csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), csp);
        assertFalse(csp.contains("unsafe-inline"), csp);
        assertTrue(page.body().contains("<meta name=\"voyager-api\" content=\"/ota/v1\">"), "told where the API is");
        assertFalse(Pattern.compile("<script(?![^>]*src=)").matcher(page.body()).find(), "no inline script");
        assertFalse(page.body().contains("style="), "no inline style");
    }

    @Test
    void assetsAreServedUnderTheirVersionAndCachedForAYear() throws Exception {
        String app = assetPath();
        HttpResponse<String> js = get("/console/" + app);
        assertEquals(200, js.statusCode());
        assertEquals("text/javascript; charset=utf-8", header(js, "Content-Type"));
        assertEquals("public, max-age=31536000, immutable", header(js, "Cache-Control"));
        assertEquals("nosniff", header(js, "X-Content-Type-Options"));
        assertTrue(js.body().contains("import "), "the module itself");
        HttpResponse<String> css = get("/console/" + app.replace("app.js", "console.css"));
        assertEquals("text/css; charset=utf-8", header(css, "Content-Type"));

        HttpResponse<String> again = http.send(HttpRequest.newBuilder(root.resolve("/console/" + app))
                .header("If-None-Match", header(js, "ETag")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
    }

    @Test
    void unknownVersionsNamesAndPathsAreNotFound() throws Exception {
        String app = assetPath();
        assertEquals(404, get("/console/" + app.replaceFirst("[0-9a-f]{16}", "0000000000000000")).statusCode());
        assertEquals(404, get("/console/" + app.replace("app.js", "nothing.js")).statusCode());
        assertEquals(404, get("/console/" + app.replace("app.js", "assets.list")).statusCode());
        assertEquals(404, get("/console/" + app.replace("app.js", "../index.html")).statusCode());
        assertEquals(404, get("/console/index.html").statusCode());
        assertEquals(404, get("/consoles").statusCode());
    }

    @Test
    void theBarePathRedirectsAndOnlyGetAndHeadAreAnswered() throws Exception {
        HttpResponse<String> bare = get("/console");
        assertEquals(301, bare.statusCode());
        assertEquals("/console/", root.resolve("/console").resolve(header(bare, "Location")).getPath());

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(root.resolve("/console/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", header(post, "Allow"));

        HttpResponse<String> head = http.send(HttpRequest.newBuilder(root.resolve("/console/"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, head.statusCode());
        assertEquals(Long.toString(get("/console/").body().getBytes().length), header(head, "Content-Length"));
        assertEquals("", head.body());
    }

    @Test
    void pathsAreValidated() {
        assertThrows(InvalidInputException.class, () -> VoyagerConsole.builder().basePath("console"));
        assertThrows(InvalidInputException.class, () -> VoyagerConsole.builder().basePath("/console/"));
        assertThrows(InvalidInputException.class, () -> VoyagerConsole.builder().basePath(""));
        assertThrows(InvalidInputException.class, () -> VoyagerConsole.builder().apiBasePath("/v1\"><x"));
        assertEquals("/ops/console", VoyagerConsole.builder().basePath("/ops/console").build().basePath());
        VoyagerConsole.builder().apiBasePath("").build(); // the API at the root
    }

    private String assetPath() throws Exception {
        Matcher m = SCRIPT.matcher(get("/console/").body());
        assertTrue(m.find(), "the page loads app.js from a versioned path");
        return m.group(1);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(root.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse("(none)");
    }
}
