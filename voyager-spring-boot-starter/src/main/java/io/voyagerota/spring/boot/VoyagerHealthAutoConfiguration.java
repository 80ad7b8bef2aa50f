package io.voyagerota.spring.boot;

import io.voyagerota.Voyager;
import io.voyagerota.spring.boot.internal.Boot3HealthIndicator;
import io.voyagerota.spring.boot.internal.Boot4HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code voyager} health component when Actuator is present: registry, storage and outbox backlog. Boot 4
 * moved health indicators to {@code org.springframework.boot.health.contributor} (module spring-boot-health); each
 * line gets an indicator of its own type, and only the one whose classes are present is loaded.
 */
@AutoConfiguration(after = VoyagerAutoConfiguration.class)
@ConditionalOnBean(Voyager.class)
public class VoyagerHealthAutoConfiguration {
    private static final String BOOT4 = "org.springframework.boot.health.contributor.HealthIndicator";

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = BOOT4)
    public static class Boot4 {
        @Bean
        @ConditionalOnMissingBean(name = "voyagerHealthIndicator")
        public Boot4HealthIndicator voyagerHealthIndicator(Voyager voyager) {
            return new Boot4HealthIndicator(voyager);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnMissingClass(BOOT4)
    public static class Boot3 {
        @Bean
        @ConditionalOnMissingBean(name = "voyagerHealthIndicator")
        public Boot3HealthIndicator voyagerHealthIndicator(Voyager voyager) {
            return new Boot3HealthIndicator(voyager);
        }
    }
}
