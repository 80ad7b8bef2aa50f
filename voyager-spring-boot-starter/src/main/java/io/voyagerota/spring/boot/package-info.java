/**
 * Spring Boot auto-configuration of Voyager: {@link io.voyagerota.spring.boot.VoyagerAutoConfiguration} and its
 * companions for MQTT, Micrometer and Actuator health, configured by {@link io.voyagerota.spring.boot.VoyagerProperties}.
 */
@NullMarked
package io.voyagerota.spring.boot;

import org.jspecify.annotations.NullMarked;
