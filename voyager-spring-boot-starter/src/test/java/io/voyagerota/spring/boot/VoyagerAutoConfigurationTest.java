package io.voyagerota.spring.boot;

import io.voyagerota.Voyager;
import io.voyagerota.jdbc.JdbcRegistry;
import io.voyagerota.memory.InMemoryArtifactStorage;
import io.voyagerota.micrometer.VoyagerHttpMetrics;
import io.voyagerota.micrometer.VoyagerMetrics;
import io.voyagerota.micrometer.VoyagerMqttMetrics;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spring.boot.internal.Boot3HealthIndicator;
import io.voyagerota.storage.fs.FileSystemArtifactStorage;
import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.mqtt.MqttDeviceNotifier;
import io.voyagerota.transport.mqtt.VoyagerMqtt;
import io.voyagerota.transport.mqtt.brokers.Mosquitto;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The auto-configuration's beans and conditions, on a real H2 database, without a web server. */
class VoyagerAutoConfigurationTest {
    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(VoyagerAutoConfiguration.class,
                        VoyagerMqttAutoConfiguration.class, VoyagerMetricsAutoConfiguration.class,
                        VoyagerHealthAutoConfiguration.class))
                .withUserConfiguration(Database.class)
                .withPropertyValues("voyager.storage.fs.directory=" + dir.resolve("artifacts"));
    }

    @Configuration(proxyBeanMethods = false)
    static class Database {
        @Bean
        DataSource dataSource() {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            return h2;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnStorage {
        @Bean
        ArtifactStorage myStorage() {
            return new InMemoryArtifactStorage();
        }
    }

    @Test
    void aDataSourceIsEnoughForAVoyagerWithItsHealthAndMeters() {
        runner().run(context -> {
            assertNull(context.getStartupFailure());
            Voyager voyager = context.getBean(Voyager.class);
            assertInstanceOf(JdbcRegistry.class, voyager.registry());
            assertInstanceOf(FileSystemArtifactStorage.class, voyager.storage());
            assertTrue(voyager.products().list().isEmpty(), "the schema was migrated: the registry answers");
            assertNotNull(context.getBean(VoyagerMetrics.class));
            assertNotNull(context.getBean(VoyagerHttpMetrics.class));
            Boot3HealthIndicator health = context.getBean("voyagerHealthIndicator", Boot3HealthIndicator.class);
            assertEquals(Status.UP, health.health().getStatus(), health.health().toString());
            assertTrue(context.getBeansOfType(ServletRegistrationBean.class)
                    .isEmpty(), "no servlet outside a web application");
        });
    }

    @Test
    void theApplicationsOwnBeanReplacesTheDefault() {
        runner().withUserConfiguration(OwnStorage.class).run(context -> {
            assertSame(context.getBean("myStorage"), context.getBean(Voyager.class).storage());
            assertTrue(context.getBeansOfType(FileSystemArtifactStorage.class).isEmpty());
        });
    }

    @Test
    void withABrokerTheMqttTransportConnectsIsMeasuredAndTakesTheLogContextFlag() {
        try (Mosquitto broker = new Mosquitto()) {
            runner().withPropertyValues("voyager.mqtt.url=" + broker.uri()).run(context -> {
                assertNull(context.getStartupFailure());
                VoyagerMqtt mqtt = context.getBean(VoyagerMqtt.class);
                assertEquals(0, mqtt.stats().received(), "connected, nothing received yet");
                assertFalse(mqtt.config().logContext(), "no MDC unless asked");
                assertFalse(context.getBean(VoyagerHttpHandler.class).config().logContext());
            });
            runner().withPropertyValues("voyager.mqtt.url=" + broker.uri(), "voyager.log-context=true").run(context -> {
                assertNull(context.getStartupFailure());
                assertTrue(context.getBean(VoyagerMqtt.class).config().logContext(), "voyager.log-context, MQTT");
                assertTrue(context.getBean(VoyagerHttpHandler.class).config().logContext(), "and HTTP");
                assertNotNull(context.getBean(MqttDeviceNotifier.class));
                assertNotNull(context.getBean(VoyagerMqttMetrics.class));
            });
        }
        runner().run(context -> assertTrue(context.getBeansOfType(VoyagerMqtt.class).isEmpty(),
                "no voyager.mqtt.url, no MQTT"));
    }

    @Test
    void itCanBeTurnedOff() {
        runner().withPropertyValues("voyager.enabled=false")
                .run(context -> assertTrue(context.getBeansOfType(Voyager.class).isEmpty()));
    }

    @Test
    void aLinkSecretTooShortStopsTheStartNamingTheProperty() {
        runner().withPropertyValues("voyager.links.secret=c2hvcnQ=").run(context -> {
            Throwable failure = context.getStartupFailure();
            assertNotNull(failure);
            Throwable cause = failure;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertTrue(cause.getMessage().contains("voyager.links.secret holds 5 bytes"), cause.getMessage());
        });
    }
}
