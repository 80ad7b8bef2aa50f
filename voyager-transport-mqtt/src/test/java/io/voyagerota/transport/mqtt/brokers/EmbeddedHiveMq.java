package io.voyagerota.transport.mqtt.brokers;

import com.hivemq.embedded.EmbeddedHiveMQ;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** HiveMQ CE in the test's JVM, on a free port, keeping everything in memory under a temporary folder. */
public final class EmbeddedHiveMq implements Broker {
    private final Path home;
    private final EmbeddedHiveMQ hivemq;
    private final int port;

    public EmbeddedHiveMq() {
        try {
            home = Files.createTempDirectory("hivemq-");
            Path conf = Files.createDirectories(home.resolve("conf"));
            port = Broker.freePort();
            Files.writeString(conf.resolve("config.xml"), """
                    <?xml version="1.0"?>
                    <hivemq>
                      <listeners>
                        <tcp-listener><port>%d</port><bind-address>127.0.0.1</bind-address></tcp-listener>
                      </listeners>
                      <persistence><mode>in-memory</mode></persistence>
                      <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                    </hivemq>
                    """.formatted(port));
            hivemq = EmbeddedHiveMQ.builder().withConfigurationFolder(conf)
                    .withDataFolder(Files.createDirectories(home.resolve("data")))
                    .withExtensionsFolder(Files.createDirectories(home.resolve("extensions")))
                    .withoutLoggingBootstrap().build();
            hivemq.start().join();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            hivemq.close();
        } catch (Exception e) {
            throw new IllegalStateException("HiveMQ did not stop", e);
        } finally {
            Broker.deleteTree(home);
        }
    }
}
