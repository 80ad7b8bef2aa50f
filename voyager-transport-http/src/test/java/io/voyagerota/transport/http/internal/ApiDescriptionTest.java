package io.voyagerota.transport.http.internal;

import io.voyagerota.transport.http.HttpConfig;
import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.VoyagerRequest;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.kit.HttpFixture;
import io.voyagerota.testing.TestJson;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code docs/openapi.yaml} is what the handler serves, byte for byte, and it describes exactly the routes the router
 * answers: every route in the router's table is in the document and every operation in the document is in the
 * table.
 */
class ApiDescriptionTest {
    private static final Path DOCUMENT = Path.of("..", "docs", "openapi.yaml");
    private static final Pattern PATH = Pattern.compile("^  (/\\S*):\\s*$");
    private static final Pattern OPERATION = Pattern.compile("^    (get|put|post|delete|head|patch|options):.*$");

    private final HttpFixture f = new HttpFixture();
    private final String token = f.adminToken;
    private final VoyagerHttpHandler handler = f.handler().build();

    private record Request(String method, String path, Map<String, String> headers) implements VoyagerRequest {
        @Override
        public String query() {
            return "";
        }

        @Override
        public Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name));
        }

        @Override
        public InputStream body() {
            return new ByteArrayInputStream(new byte[0]);
        }
    }

    /** The operations of the document's {@code paths}, as {@code METHOD /template}, read line by line. */
    static Set<String> documented(List<String> lines) {
        Set<String> operations = new TreeSet<>();
        boolean inPaths = false;
        String path = null;
        for (String line : lines) {
            if (!line.isEmpty() && !line.startsWith(" ")) {
                inPaths = line.equals("paths:");
                continue;
            }
            Matcher p = PATH.matcher(line);
            Matcher o = OPERATION.matcher(line);
            if (inPaths && p.matches()) {
                path = p.group(1);
            } else if (inPaths && path != null && o.matches()) {
                operations.add(o.group(1).toUpperCase() + " " + path);
            }
        }
        return operations;
    }

    @Test
    void theDocumentDescribesExactlyTheRoutesTheRouterAnswers() throws IOException {
        Set<String> routed = new TreeSet<>();
        for (Route r : new Router(f.voyager, f.links, HttpConfig.defaults(), id -> Set.of(), f.clock).routes()) {
            assertTrue(routed.add(r.toString()), "listed twice: " + r);
        }
        Set<String> documented = documented(Files.readAllLines(DOCUMENT));
        assertTrue(documented.size() > 30, "the scanner found the operations: " + documented);
        assertEquals(routed, documented);
    }

    @Test
    void everyRouteInTheTableIsAnsweredByItsRoute() {
        for (Route r : new Router(f.voyager, f.links, HttpConfig.defaults(), id -> Set.of(), f.clock).routes()) {
            String path = "/v1" + r.template().replace("{key}", "products/p/a.bin").replaceAll("\\{[a-zA-Z]+}", "x1");
            VoyagerResponse response = handler.handle(new Request(r.method(), path, Map.of("Authorization",
                    "Bearer " + token, "Content-Type", "application/json")));
            assertTrue(response.status() != 405, r + " answered 405");
            if (response.status() == 404) {
                String detail = (String) TestJson.object(body(response)).get("detail");
                assertFalse(detail.startsWith("no route"), r + " has no route: " + detail);
            }
        }
    }

    @Test
    void theHandlerServesTheDocumentAsItIsWithoutACredential() throws IOException {
        VoyagerResponse response = handler.handle(new Request("GET", "/v1/openapi.yaml", Map.of()));
        assertEquals(200, response.status());
        assertEquals(Optional.of("application/yaml"), response.header("Content-Type"));
        assertArrayEquals(Files.readAllBytes(DOCUMENT), bytes(response));
        assertEquals(405, handler.handle(new Request("POST", "/v1/openapi.yaml", Map.of())).status());
    }

    @Test
    void theScannerReadsOperationsOnlyUnderPaths() {
        assertEquals(Set.of("GET /a", "POST /a", "DELETE /b/{id}"), documented(List.of("openapi: 3.1.0", "paths:",
                "  /a:", "    parameters:", "    get:", "      summary: x", "    post:", "", "  /b/{id}:",
                "    delete:", "components:", "  /c:", "    get:")));
    }

    private static byte[] bytes(VoyagerResponse response) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            response.body().writeTo(out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    private static String body(VoyagerResponse response) {
        return new String(bytes(response), StandardCharsets.UTF_8);
    }
}
