package io.voyagerota.transport.http.servlet;

import io.voyagerota.transport.http.ResponseBody;
import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.VoyagerRequest;
import io.voyagerota.transport.http.VoyagerResponse;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Function;

/**
 * A Jakarta Servlet 6 front for a {@link VoyagerHttpHandler}. Register an instance for the base path and
 * everything below it, so that the path within the web application starts with the handler's base path:
 *
 * <pre>{@code
 * context.addServlet(new ServletHolder(new VoyagerServlet(handler)), "/v1/*");               // Jetty
 * new ServletRegistrationBean<>(new VoyagerServlet(handler), "/v1/*");                       // Spring Boot
 * }</pre>
 *
 * Requests are answered synchronously on the container's thread; artifact bodies stream through the handler's
 * fixed buffer into the container's output stream.
 */
public final class VoyagerServlet extends HttpServlet {
    private static final Logger LOG = LoggerFactory.getLogger(VoyagerServlet.class);

    private final transient Function<VoyagerRequest, VoyagerResponse> handler;

    public VoyagerServlet(VoyagerHttpHandler handler) {
        this(handler == null ? null : (Function<VoyagerRequest, VoyagerResponse>) handler::handle);
    }

    /**
     * Serves another handler of the same request and response types, such as the admin console
     * ({@code voyager-console}), registered for its path and everything below it; {@code handler} must not throw.
     */
    public VoyagerServlet(Function<VoyagerRequest, VoyagerResponse> handler) {
        if (handler == null) {
            throw new IllegalArgumentException("handler must not be null");
        }
        this.handler = handler;
    }

    /** Answers every method itself, so HEAD and unknown methods get the handler's answers, not the container's. */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        VoyagerResponse answer = handler.apply(new ServletRequestView(request));
        response.setStatus(answer.status());
        for (VoyagerResponse.Header h : answer.headers()) {
            response.addHeader(h.name(), h.value());
        }
        int status = answer.status();
        if (status >= 400 && (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null)) {
            // A refusal may leave the request body unread; a client that reused this connection would then read
            // the rest of its own upload as the next answer, so the connection ends with this response.
            response.setHeader("Connection", "close");
        }
        if (status == 204 || status == 304) {
            return;
        }
        ResponseBody body = answer.body();
        response.setContentLengthLong(body.length());
        if (request.getMethod().equals("HEAD") || body.length() == 0) {
            return;
        }
        ServletOutputStream out = response.getOutputStream();
        try {
            body.writeTo(out);
        } catch (IOException e) {
            // Usually the device went away mid-download; rethrown so the container aborts the connection.
            LOG.debug("{} {}: response not completed: {}", request.getMethod(), request.getRequestURI(), e.toString());
            throw e;
        }
    }

    /** The servlet request as a {@link VoyagerRequest}: the path is taken raw, within the web application. */
    private static final class ServletRequestView implements VoyagerRequest {
        private final HttpServletRequest request;

        ServletRequestView(HttpServletRequest request) {
            this.request = request;
        }

        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public String path() {
            String uri = request.getRequestURI();
            String context = request.getContextPath();
            return context.isEmpty() ? uri : uri.substring(context.length());
        }

        @Override
        public String query() {
            String query = request.getQueryString();
            return query == null ? "" : query;
        }

        @Override
        public Optional<String> header(String name) {
            return Optional.ofNullable(request.getHeader(name));
        }

        @Override
        public InputStream body() throws IOException {
            return request.getInputStream();
        }
    }
}
