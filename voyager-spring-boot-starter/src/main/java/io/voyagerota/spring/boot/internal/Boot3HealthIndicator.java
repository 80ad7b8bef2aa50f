package io.voyagerota.spring.boot.internal;

import io.voyagerota.Voyager;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/** {@link HealthCheck} as Spring Boot 3's Actuator takes it ({@code org.springframework.boot.actuate.health}). */
public final class Boot3HealthIndicator implements HealthIndicator {
    private final Voyager voyager;

    public Boot3HealthIndicator(Voyager voyager) {
        this.voyager = voyager;
    }

    @Override
    public Health health() {
        HealthCheck check = HealthCheck.of(voyager);
        return (check.up() ? Health.up() : Health.down()).withDetails(check.details()).build();
    }
}
