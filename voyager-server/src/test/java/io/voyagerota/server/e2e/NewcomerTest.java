package io.voyagerota.server.e2e;

import io.voyagerota.auth.Secrets;
import io.voyagerota.server.TestServers;
import io.voyagerota.server.VoyagerServer;
import io.voyagerota.transport.http.servlet.VoyagerServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The README's quickstart, end to end over real sockets, on each HTTP front: {@code voyager serve}'s JDK server,
 * and the same service mounted as a servlet in Jetty.
 */
class NewcomerTest {
    private static final String TOKEN = Secrets.newToken();

    @Test
    @Timeout(120)
    void onTheJdkHttpServerOfVoyagerServe(@TempDir Path dir) throws Exception {
        try (VoyagerServer server = start(dir)) {
            new NewcomerScenario(server.url(), TOKEN).run();
        }
    }

    @Test
    @Timeout(120)
    void onTheServletAdapterInJetty(@TempDir Path dir) throws Exception {
        try (VoyagerServer server = start(dir)) {
            Server jetty = new Server();
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            jetty.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/");
            context.addServlet(new ServletHolder(new VoyagerServlet(server.handler())), "/v1/*");
            jetty.setHandler(context);
            jetty.start();
            try {
                new NewcomerScenario(URI.create("http://127.0.0.1:" + connector.getLocalPort()), TOKEN).run();
            } finally {
                jetty.stop();
            }
        }
    }

    private static VoyagerServer start(Path dir) throws Exception {
        return TestServers.start(dir.resolve("data"), new ByteArrayOutputStream(),
                b -> b.adminToken(Optional.of(TOKEN)));
    }
}
