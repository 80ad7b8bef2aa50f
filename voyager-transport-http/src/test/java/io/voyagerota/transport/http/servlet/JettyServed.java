package io.voyagerota.transport.http.servlet;

import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.kit.AdapterKit;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.net.URI;

/** The servlet adapter in an embedded Jetty 12 (ee10, Servlet 6.0), on a free loopback port. */
final class JettyServed implements AdapterKit.Served {
    private final Server server;
    private final ServerConnector connector;

    private JettyServed(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** @param contextPath the web application's context path, such as {@code /} or {@code /ota} */
    static JettyServed start(VoyagerHttpHandler handler, String contextPath) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(contextPath);
        context.addServlet(new ServletHolder(new VoyagerServlet(handler)), handler.config().basePath() + "/*");
        server.setHandler(context);
        server.start();
        return new JettyServed(server, connector);
    }

    @Override
    public URI origin() {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
