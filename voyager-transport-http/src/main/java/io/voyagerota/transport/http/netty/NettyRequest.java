package io.voyagerota.transport.http.netty;

import io.netty.handler.codec.http.HttpRequest;
import io.voyagerota.transport.http.VoyagerRequest;

import java.io.InputStream;
import java.util.Optional;

/** A Netty request head and its streamed body as a {@link VoyagerRequest}; values are passed on raw. */
final class NettyRequest implements VoyagerRequest {
    private final HttpRequest head;
    private final RequestBody body;
    private final String path;
    private final String query;

    NettyRequest(HttpRequest head, RequestBody body) {
        this.head = head;
        this.body = body;
        String target = head.uri();
        if (!target.startsWith("/")) {
            // The absolute form (http://host/path?q) that proxies send: the path starts after the authority.
            int scheme = target.indexOf("://");
            int slash = scheme < 0 ? -1 : target.indexOf('/', scheme + 3);
            int mark = scheme < 0 ? -1 : target.indexOf('?', scheme + 3);
            target = slash < 0 || mark >= 0 && mark < slash ? "/" + (mark < 0 ? "" : target.substring(mark))
                    : target.substring(slash);
        }
        int mark = target.indexOf('?');
        this.path = mark < 0 ? target : target.substring(0, mark);
        this.query = mark < 0 ? "" : target.substring(mark + 1);
    }

    @Override
    public String method() {
        return head.method().name();
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String query() {
        return query;
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(head.headers().get(name));
    }

    @Override
    public InputStream body() {
        return body;
    }

    HttpRequest head() {
        return head;
    }

    RequestBody stream() {
        return body;
    }
}
