package io.voyagerota.spring.boot.internal;

import io.voyagerota.Voyager;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** {@link HealthCheck} as Spring Boot 4 takes it ({@code org.springframework.boot.health.contributor}). */
public final class Boot4HealthIndicator implements HealthIndicator {
    private final Voyager voyager;

    public Boot4HealthIndicator(Voyager voyager) {
        this.voyager = voyager;
    }

    @Override
    public Health health() {
        HealthCheck check = HealthCheck.of(voyager);
        return (check.up() ? Health.up() : Health.down()).withDetails(check.details()).build();
    }
}
