package io.voyagerota.benchmarks.http;

import io.voyagerota.server.HttpEngine;
import io.voyagerota.server.ServerConfig;
import io.voyagerota.server.ServerConfigLoader;
import io.voyagerota.server.ServerConfigLoader.Key;
import io.voyagerota.server.VoyagerServer;
import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.jdk.JdkHttpServerAdapter;
import io.voyagerota.transport.http.servlet.VoyagerServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code voyager serve}, with the same handler also mounted on the other HTTP servers a Java team would choose, each
 * on its own port, so that {@code run.sh} measures one Voyager behind each in the same run. Not a product: a
 * benchmark fixture.
 *
 * <pre>{@code
 * java -cp benchmarks.jar io.voyagerota.benchmarks.http.FrontsServer PORT DATA_DIR ENGINE JDK_PORT JETTY_PORT
 * }</pre>
 * starts {@code voyager serve --port PORT --data-dir DATA_DIR --http-engine ENGINE} (admin token from
 * {@code VOYAGER_ADMIN_TOKEN}) and the JDK adapter and Jetty 12 (servlet adapter) on the other two ports.
 */
public final class FrontsServer {
    private FrontsServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--default-engine")) {
            System.out.println(HttpEngine.DEFAULT.configName());
            return;
        }
        if (args.length != 5) {
            System.err.println("usage: FrontsServer PORT DATA_DIR ENGINE JDK_PORT JETTY_PORT");
            System.exit(2);
        }
        Map<Key, String> flags = new EnumMap<>(Key.class);
        flags.put(Key.PORT, args[0]);
        flags.put(Key.DATA_DIR, args[1]);
        flags.put(Key.HTTP_ENGINE, args[2]);
        ServerConfig config = ServerConfigLoader.load(Optional.empty(), System.getenv(), flags);
        VoyagerServer server = VoyagerServer.start(config, System.out);
        VoyagerHttpHandler handler = server.handler();

        JdkHttpServerAdapter.Running jdk = JdkHttpServerAdapter.start(handler,
                new InetSocketAddress("127.0.0.1", Integer.parseInt(args[3])));

        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[4]));
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new VoyagerServlet(handler)), handler.config().basePath() + "/*");
        jetty.setHandler(context);
        jetty.start();

        System.out.println("fronts: serve " + server.port() + ", jdk " + jdk.port() + ", jetty "
                + connector.getLocalPort());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                jetty.stop();
            } catch (Exception e) {
                // the process is ending
            }
            jdk.close();
            server.close();
        }));
        server.awaitStopped();
    }
}
