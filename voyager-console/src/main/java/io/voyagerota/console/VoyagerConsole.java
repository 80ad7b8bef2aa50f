package io.voyagerota.console;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import io.voyagerota.InvalidInputException;
import io.voyagerota.console.internal.ConsoleAssets;
import io.voyagerota.console.internal.ConsoleRoutes;
import io.voyagerota.transport.http.VoyagerRequest;
import io.voyagerota.transport.http.VoyagerResponse;
import io.voyagerota.transport.http.jdk.JdkHttpServerAdapter;

import java.util.regex.Pattern;

/**
 * The admin web console: one page, its ES modules and its style sheet, served from the classpath. Everything the
 * console shows or changes goes through the admin API ({@code {api}/admin/...}) with the admin token the operator
 * signs in with, so the console has no powers of its own and holds no state on the server.
 *
 * <pre>{@code
 * VoyagerConsole console = VoyagerConsole.builder().apiBasePath("/v1").build();
 * console.mount(httpServer);                                          // JDK HttpServer: a context at /console
 * context.addServlet(new ServletHolder(new VoyagerServlet(console::handle)), "/console/*");   // a servlet container
 * }</pre>
 *
 * <p>The page is sent with {@code Cache-Control: no-cache}; the modules and style sheet live under a path named
 * after a digest of their content and are cached for a year. Every answer carries a strict
 * {@code Content-Security-Policy} (scripts, styles and connections from this origin only, nothing inline) and
 * {@code X-Content-Type-Options: nosniff}.
 */
public final class VoyagerConsole {
    /** Where the console lives unless told otherwise. */
    public static final String DEFAULT_PATH = "/console";

    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

    private final String basePath;
    private final ConsoleRoutes routes;

    private VoyagerConsole(Builder b) {
        this.basePath = b.basePath;
        this.routes = new ConsoleRoutes(b.basePath, ConsoleAssets.load(b.apiBasePath));
    }

    /** A console at {@value #DEFAULT_PATH} for the API at {@code /v1}, until told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /** The path the console answers under, such as {@code /console}. */
    public String basePath() {
        return basePath;
    }

    /** Answers a request under {@link #basePath()}: the page, an asset, a redirect, 404 or 405; never throws. */
    public VoyagerResponse handle(VoyagerRequest request) {
        return routes.route(request);
    }

    /** This console on the JDK server's adapter, for a context at {@link #basePath()}. */
    public JdkHttpServerAdapter jdkAdapter() {
        return new JdkHttpServerAdapter(basePath, this::handle);
    }

    /** Creates the context at {@link #basePath()} on a JDK server. */
    public HttpContext mount(HttpServer server) {
        return jdkAdapter().mount(server);
    }

    /** Configures a {@link VoyagerConsole}. */
    public static final class Builder {
        private String basePath = DEFAULT_PATH;
        private String apiBasePath = "/v1";

        private Builder() {
        }

        /** Where the console answers, such as {@code /console}: '/'-separated segments, no trailing '/'. */
        public Builder basePath(String value) {
            if (value == null || !PATH.matcher(value).matches()) {
                throw new InvalidInputException("basePath \"" + value + "\" must be '/'-separated segments such as"
                        + " /console");
            }
            this.basePath = value;
            return this;
        }

        /**
         * The admin API's base path on the same origin, the {@code HttpConfig.basePath()} of the API's handler:
         * {@code /v1} by default, or empty when the API is at the root.
         */
        public Builder apiBasePath(String value) {
            if (value == null || !value.isEmpty() && !PATH.matcher(value).matches()) {
                throw new InvalidInputException("apiBasePath \"" + value + "\" must be empty or '/'-separated"
                        + " segments such as /v1");
            }
            this.apiBasePath = value;
            return this;
        }

        public VoyagerConsole build() {
            return new VoyagerConsole(this);
        }
    }
}
