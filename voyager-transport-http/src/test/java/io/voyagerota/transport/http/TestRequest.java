package io.voyagerota.transport.http;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/** A request handed to a handler directly, without a server: for tests of what the handler does around a route. */
record TestRequest(String method, String path, String query, Map<String, String> headers, byte[] content)
        implements VoyagerRequest {
    static TestRequest get(String pathAndQuery, Map<String, String> headers) {
        int q = pathAndQuery.indexOf('?');
        return new TestRequest("GET", q < 0 ? pathAndQuery : pathAndQuery.substring(0, q),
                q < 0 ? "" : pathAndQuery.substring(q + 1), headers, new byte[0]);
    }

    @Override
    public Optional<String> header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst();
    }

    @Override
    public InputStream body() {
        return new ByteArrayInputStream(content);
    }
}
