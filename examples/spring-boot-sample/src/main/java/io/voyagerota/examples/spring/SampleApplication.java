package io.voyagerota.examples.spring;

import io.voyagerota.event.RolloutPaused;
import io.voyagerota.spring.boot.VoyagerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application that is also an OTA server: voyager-spring-boot-starter builds the Voyager from the
 * application's DataSource and mounts the device and admin APIs at {@code /v1} on its servlet container. The only
 * Voyager code here is a customizer, to show where the application's own wiring goes.
 */
@SpringBootApplication
public class SampleApplication {
    private static final Logger LOG = LoggerFactory.getLogger(SampleApplication.class);

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

    /** The application's own listener: a paused rollout is worth a line in its log (or a page to someone). */
    @Bean
    VoyagerCustomizer pausedRolloutsAreLogged() {
        return builder -> builder.listener(event -> {
            if (event instanceof RolloutPaused paused) {
                LOG.warn("rollout paused: {}", paused);
            }
        });
    }
}
