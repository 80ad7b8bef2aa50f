package io.voyagerota.server.internal;

import io.voyagerota.InvalidInputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A client of a running server's admin API ({@code docs/admin-api.md}) on {@link HttpClient}. A refusal becomes an
 * {@link AdminApiException} carrying the problem's {@code detail}; a server that cannot be reached becomes a
 * {@link ServerUnreachableException}.
 */
public final class AdminClient {
    /** Where the client looks when neither {@code --server} nor {@code VOYAGER_SERVER} says otherwise. */
    public static final String DEFAULT_SERVER = "http://localhost:8080";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

    private final URI api;
    private final Optional<String> token;
    private final HttpClient http;

    /** An answer of the server: its status and its body as sent. */
    public record Answer(int status, String body) {
        public JsonNode json() {
            return body.isBlank() ? JsonNode.missing() : JsonNode.parse(body);
        }
    }

    /**
     * @param server the server's URL; without a path the API is taken to be at {@code /v1}, with one (such as
     *               {@code https://ota.example.com/ota/v1}) the path is the API's base path
     * @param token  the admin token
     */
    public AdminClient(String server, Optional<String> token) {
        this.api = apiBase(server);
        this.token = token;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    static URI apiBase(String server) {
        URI uri;
        try {
            uri = URI.create(server.strip());
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null || uri.getRawQuery() != null
                || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            throw new InvalidInputException("server URL \"" + server + "\" is not an http(s) URL such as "
                    + DEFAULT_SERVER + "; check --server or VOYAGER_SERVER");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String base = path.isEmpty() ? "/v1" : path.replaceAll("/+$", "");
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + base);
    }

    /** The API's base URL, such as {@code http://localhost:8080/v1}. */
    public URI api() {
        return api;
    }

    /** One path segment, percent-encoded (ids may hold characters a path cannot). */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":");
    }

    /** A body that is not JSON, such as a release manifest: its exact bytes, and the answer's headers. */
    public record Bytes(byte[] body, HttpHeaders headers) {
        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }
    }

    public Answer get(String path) {
        return send(request(path, b -> b.GET()), path);
    }

    /** A GET whose answer is kept as bytes; a refusal is still read as a problem. */
    public Bytes getBytes(String path, String accept) {
        HttpRequest request = request(path, b -> b.GET().setHeader("Accept", accept + ", application/problem+json"));
        HttpResponse<byte[]> response = exchange(request, path, HttpResponse.BodyHandlers.ofByteArray(),
                bytes -> new String(bytes, StandardCharsets.UTF_8));
        return new Bytes(response.body(), response.headers());
    }

    /** A request with a JSON body (or none when {@code json} is empty). */
    public Answer send(String method, String path, Optional<String> json) {
        return send(request(path, b -> {
            json.ifPresent(j -> b.header("Content-Type", "application/json"));
            return b.method(method, json.map(HttpRequest.BodyPublishers::ofString)
                    .orElse(HttpRequest.BodyPublishers.noBody()));
        }), path);
    }

    public Answer delete(String path) {
        return send(request(path, b -> b.DELETE()), path);
    }

    /**
     * Streams a file as the body of a PUT with its exact length, through {@code wrap} (which counts the bytes for a
     * progress bar); never holds the file in memory.
     */
    public Answer upload(String path, Path file, Optional<String> signatureBase64,
                         UnaryOperator<InputStream> wrap) throws IOException {
        long size = Files.size(file);
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        return wrap.apply(Files.newInputStream(file));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }), size);
        HttpRequest request = request(path, b -> {
            b.header("Content-Type", "application/octet-stream").PUT(body).timeout(Duration.ofDays(1));
            signatureBase64.ifPresent(s -> b.header("Voyager-Signature", s));
            return b;
        });
        return send(request, path);
    }

    private HttpRequest request(String path, UnaryOperator<HttpRequest.Builder> method) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json, application/problem+json");
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return method.apply(b).build();
    }

    private Answer send(HttpRequest request, String path) {
        HttpResponse<String> response = exchange(request, path,
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), body -> body);
        return new Answer(response.statusCode(), response.body());
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, String path, HttpResponse.BodyHandler<T> handler,
                                         Function<T, String> text) {
        HttpResponse<T> response;
        try {
            response = http.send(request, handler);
        } catch (HttpConnectTimeoutException e) {
            throw unreachable("did not accept a connection within " + CONNECT_TIMEOUT.toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw unreachable("refused the connection", e);
        } catch (HttpTimeoutException e) {
            throw new ServerUnreachableException(request.method() + " " + api + path + " got no answer in time;"
                    + " the server may be overloaded", e);
        } catch (IOException e) {
            throw new ServerUnreachableException(request.method() + " " + api + path + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException("interrupted while waiting for " + api + path, e);
        }
        if (response.statusCode() >= 400) {
            throw refusal(request, path, response.statusCode(), response.body() == null ? ""
                    : text.apply(response.body()));
        }
        return response;
    }

    private ServerUnreachableException unreachable(String what, Exception cause) {
        return new ServerUnreachableException("cannot reach the Voyager server at " + api + ": it " + what
                + "; is `voyager serve` running there? Set the URL with --server or VOYAGER_SERVER", cause);
    }

    private static JsonNode problemOf(String body) {
        try {
            return body.isBlank() ? JsonNode.missing() : JsonNode.parse(body);
        } catch (IllegalArgumentException e) {
            return JsonNode.missing();
        }
    }

    private AdminApiException refusal(HttpRequest request, String path, int status, String body) {
        JsonNode problem = problemOf(body);
        String detail = problem.get("detail").text()
                .or(() -> problem.get("title").text())
                .orElse(body.isBlank() ? "no details" : body.strip().lines().findFirst().orElse(""));
        if (detail.length() > 500) {
            detail = detail.substring(0, 500) + "…";
        }
        StringBuilder message = new StringBuilder(detail).append(" (HTTP ").append(status);
        problem.get("parameter").text().ifPresent(p -> message.append(", parameter ").append(p));
        message.append(" from ").append(request.method()).append(' ').append(api).append(path).append(')');
        if (status == 401) {
            message.append(token.isPresent() ? "; check the admin token (--token or VOYAGER_TOKEN)"
                    : "; no admin token was given: pass --token or set VOYAGER_TOKEN");
        }
        return new AdminApiException(status, message.toString(), body);
    }
}
