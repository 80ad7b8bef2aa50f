package io.voyagerota.spring.boot;

import io.voyagerota.Voyager;
import io.voyagerota.micrometer.VoyagerHttpMetrics;
import io.voyagerota.micrometer.VoyagerMetrics;
import io.voyagerota.micrometer.VoyagerMqttMetrics;
import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.mqtt.VoyagerMqtt;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Voyager's meters ({@code voyager.*}, see voyager-micrometer) when Micrometer and voyager-micrometer are on the
 * classpath; Spring Boot binds every {@code MeterBinder} bean to the application's registry, so with Actuator they
 * show at {@code /actuator/metrics} and {@code /actuator/prometheus}.
 */
@AutoConfiguration(after = {VoyagerAutoConfiguration.class, VoyagerMqttAutoConfiguration.class})
@ConditionalOnClass(name = {"io.micrometer.core.instrument.binder.MeterBinder",
        "io.voyagerota.micrometer.VoyagerMetrics"})
@ConditionalOnBean(Voyager.class)
public class VoyagerMetricsAutoConfiguration {
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public VoyagerMetrics voyagerMetrics(Voyager voyager, VoyagerProperties properties) {
        return new VoyagerMetrics(voyager, properties.getMetrics().getSampleInterval());
    }

    /** The HTTP transport's download counters. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(VoyagerHttpHandler.class)
    public VoyagerHttpMetrics voyagerHttpMetrics(VoyagerHttpHandler handler) {
        return new VoyagerHttpMetrics(handler);
    }

    /** The MQTT transport's counters, when it runs. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.voyagerota.transport.mqtt.VoyagerMqtt")
    @ConditionalOnBean(type = "io.voyagerota.transport.mqtt.VoyagerMqtt")
    public static class Mqtt {
        @Bean
        @ConditionalOnMissingBean
        public VoyagerMqttMetrics voyagerMqttMetrics(VoyagerMqtt mqtt) {
            return new VoyagerMqttMetrics(mqtt);
        }
    }
}
