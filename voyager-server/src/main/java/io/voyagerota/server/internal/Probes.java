package io.voyagerota.server.internal;

import io.voyagerota.transport.http.ResponseBody;
import io.voyagerota.transport.http.VoyagerRequest;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.VoyagerResponse.Header;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/** The answers beside the APIs: {@code /healthz}, {@code /readyz}, {@code /metrics}, and 503 while stopping. */
final class Probes {
    private static final byte[] OK = ascii("{\"status\":\"ok\"}\n");
    private static final byte[] READY = ascii("{\"status\":\"ready\"}\n");
    private static final byte[] NOT_READY = ascii("{\"status\":\"database-unreachable\"}\n");
    private static final byte[] STOPPING = ascii("{\"status\":\"stopping\"}\n");
    private static final byte[] NOT_FOUND = ascii("{\"status\":\"not found\"}\n");
    private static final byte[] NOT_ALLOWED = ascii("{\"status\":\"method not allowed\"}\n");
    private static final String JSON = "application/json";

    /** The Prometheus text exposition format, which every Prometheus server scrapes. */
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private Probes() {
    }

    /** {@code path} answers 200 with {@code upBody} while {@code up} holds, 503 otherwise; 503 while stopping. */
    static Function<VoyagerRequest, VoyagerResponse> status(String path, InFlight inFlight, BooleanSupplier up,
                                                            boolean readiness) {
        return request -> {
            Optional<VoyagerResponse> refused = refuse(request, path);
            if (refused.isPresent()) {
                return refused.get();
            }
            if (inFlight.draining()) {
                return stopping(false);
            }
            boolean answering = up.getAsBoolean();
            return reply(answering ? 200 : 503, JSON, answering ? (readiness ? READY : OK) : NOT_READY);
        };
    }

    /** {@code /metrics}: the meters, scraped when asked. */
    static Function<VoyagerRequest, VoyagerResponse> metrics(Supplier<String> scrape) {
        return request -> {
            return refuse(request, "/metrics").orElseGet(() -> reply(200, PROMETHEUS_TEXT,
                    scrape.get().getBytes(StandardCharsets.UTF_8)));
        };
    }

    /** 503 {@code stopping}; {@code close} asks the client not to reuse the connection. */
    static VoyagerResponse stopping(boolean close) {
        VoyagerResponse response = reply(503, JSON, STOPPING);
        if (!close) {
            return response;
        }
        List<Header> headers = new ArrayList<>(response.headers());
        headers.add(new Header("Connection", "close"));
        return new VoyagerResponse(503, headers, response.body());
    }

    /** 404 or 405 unless the request is a GET or HEAD of exactly {@code path}. */
    private static Optional<VoyagerResponse> refuse(VoyagerRequest request, String path) {
        if (!request.path().equals(path)) {
            return Optional.of(reply(404, JSON, NOT_FOUND));
        }
        String method = request.method();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            List<Header> headers = new ArrayList<>(reply(405, JSON, NOT_ALLOWED).headers());
            headers.add(new Header("Allow", "GET, HEAD"));
            return Optional.of(new VoyagerResponse(405, headers, ResponseBody.of(NOT_ALLOWED)));
        }
        return Optional.empty();
    }

    private static VoyagerResponse reply(int status, String type, byte[] body) {
        return new VoyagerResponse(status, List.of(new Header("Content-Type", type),
                new Header("Cache-Control", "no-store")), ResponseBody.of(body));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
