package io.voyagerota.benchmarks.fanout;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.voyagerota.Voyager;
import io.voyagerota.VoyagerConfig;
import io.voyagerota.jdbc.JdbcRegistry;
import io.voyagerota.link.HmacDownloadLinks;
import io.voyagerota.signing.SigningKey;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.jdk.JdkHttpServerAdapter;
import io.voyagerota.transport.mqtt.MqttConfig;
import io.voyagerota.transport.mqtt.MqttDeviceNotifier;
import io.voyagerota.transport.mqtt.VoyagerMqtt;

import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;

/**
 * One node of the cluster, wired as {@code voyager serve} wires a node on a shared PostgreSQL: a HikariCP pool,
 * the JDBC registry, Voyager started (so its catalog watch, tick, outbox relay and fan-out workers run), its MQTT
 * transport (shared subscriptions, triggers through its notifier) and the device API on the JDK's HTTP server.
 * The nodes share the offer key, the download link key and the MQTT shared group, as a cluster's nodes must.
 */
final class Node implements AutoCloseable {
    final String name;
    final Voyager voyager;
    final VoyagerMqtt mqtt;
    private final HikariDataSource pool;
    private final HttpServer http;
    private final ExecutorService executor;

    /** The settings every node of the cluster shares. */
    record Shared(String jdbcUrl, int poolSize, ArtifactStorage storage, SigningKey offerKey, byte[] linkKey,
                  String mqttUrl, String mqttPassword, String sharedGroup, double triggersPerSecond,
                  VoyagerConfig config) {
    }

    Node(String name, Shared s) throws Exception {
        this.name = name;
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(s.jdbcUrl());
        hikari.setUsername("postgres");
        hikari.setMaximumPoolSize(s.poolSize());
        hikari.setMinimumIdle(Math.min(2, s.poolSize()));
        hikari.setPoolName("voyager-" + name);
        this.pool = new HikariDataSource(hikari);
        JdbcRegistry registry = JdbcRegistry.builder(pool).build();
        registry.migrate();
        HmacDownloadLinks links = new HmacDownloadLinks("/v1", s.linkKey());
        MqttDeviceNotifier notifier = new MqttDeviceNotifier();
        this.voyager = Voyager.builder().registry(registry).artifactStorage(s.storage()).offerKey(s.offerKey())
                .downloadLinks(links).notifier(notifier).config(s.config()).build();
        this.mqtt = VoyagerMqtt.builder(voyager, MqttConfig.of(s.mqttUrl()).withClientId("voyager-" + name)
                        .withCredentials("voyager", s.mqttPassword()).withSharedGroup(s.sharedGroup())
                        .withTriggersPerSecond(s.triggersPerSecond()))
                .notifier(notifier).deviceTags(voyager.devices()::tags).build();
        VoyagerHttpHandler handler = VoyagerHttpHandler.builder(voyager, links)
                .deviceTags(voyager.devices()::tags).build();
        JdkHttpServerAdapter.preferLowLatency(); // as voyager serve: no 40 ms delayed-ACK stalls
        this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        this.executor = JdkHttpServerAdapter.newDefaultExecutor();
        http.setExecutor(executor);
        new JdkHttpServerAdapter(handler).mount(http);
    }

    /** Starts the background work, the MQTT transport and the HTTP server. */
    void start() {
        voyager.start();
        mqtt.start();
        http.start();
    }

    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
        mqtt.close();
        voyager.close();
        pool.close();
    }
}
