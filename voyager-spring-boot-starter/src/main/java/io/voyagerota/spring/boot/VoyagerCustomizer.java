package io.voyagerota.spring.boot;

import io.voyagerota.Voyager;

/**
 * Changes the {@link Voyager.Builder} before the auto-configured {@link Voyager} is built: listeners, validation
 * steps, outbox handlers, a clock, a configuration. Declare one or more as beans; they run in their {@code @Order}.
 */
@FunctionalInterface
public interface VoyagerCustomizer {
    void customize(Voyager.Builder builder);
}
