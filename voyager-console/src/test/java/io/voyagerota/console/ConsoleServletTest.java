package io.voyagerota.console;

import io.voyagerota.transport.http.servlet.VoyagerServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console through {@code VoyagerServlet} in Jetty 12, under a web application's context path. */
class ConsoleServletTest {
    @Test
    void servedUnderAContextPath() throws Exception {
        VoyagerConsole console = VoyagerConsole.builder().apiBasePath("/v1").build();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/ota");
        context.addServlet(new ServletHolder(new VoyagerServlet(console::handle)), "/console/*");
        server.setHandler(context);
        server.start();
        try {
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            URI root = URI.create("http://127.0.0.1:" + connector.getLocalPort());
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(root.resolve("/ota/console/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElse(""));
            assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
            assertTrue(page.body().contains("src=\"assets/"), "asset links are relative, so the context path holds");
            HttpResponse<String> bare = http.send(HttpRequest.newBuilder(root.resolve("/ota/console")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(301, bare.statusCode());
            assertEquals("/ota/console/", root.resolve("/ota/console")
                    .resolve(bare.headers().firstValue("Location").orElse("")).getPath());
        } finally {
            server.stop();
        }
    }
}
