package io.voyagerota.transport.http.internal;

import io.voyagerota.transport.http.VoyagerResponse.Header;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A request the handler refuses, on its way to becoming an RFC 9457 problem response. Thrown only on error paths;
 * it carries no stack trace because it is never a bug.
 */
public final class HttpProblem extends RuntimeException {
    private final int status;
    private final String code;
    private final Optional<String> parameter;
    private final List<Header> headers;

    HttpProblem(int status, String code, String detail, Optional<String> parameter, List<Header> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.parameter = parameter;
        this.headers = List.copyOf(headers);
    }

    public static HttpProblem of(int status, String code, String detail) {
        return new HttpProblem(status, code, detail, Optional.empty(), List.of());
    }

    /** A 400 naming the query parameter, path segment or JSON field that is wrong. */
    public static HttpProblem badParameter(String parameter, String detail) {
        return new HttpProblem(400, "invalid-parameter", detail, Optional.of(parameter), List.of());
    }

    public HttpProblem withHeader(String name, String value) {
        List<Header> more = new ArrayList<>(headers);
        more.add(new Header(name, value));
        return new HttpProblem(status, code, getMessage(), parameter, more);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String detail() {
        return getMessage();
    }

    Optional<String> parameter() {
        return parameter;
    }

    List<Header> headers() {
        return headers;
    }
}
