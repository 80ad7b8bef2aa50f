package io.voyagerota.spring.boot;

import io.voyagerota.Voyager;
import io.voyagerota.spi.DeviceNotifier;
import io.voyagerota.transport.mqtt.MqttConfig;
import io.voyagerota.transport.mqtt.MqttDeviceNotifier;
import io.voyagerota.transport.mqtt.VoyagerMqtt;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The MQTT transport when {@code voyager.mqtt.url} is set and voyager-transport-mqtt is on the classpath: push
 * triggers through an {@link MqttDeviceNotifier}, device reports and state from the broker. Connects when the
 * context starts; an unreachable broker fails the start, naming it.
 */
@AutoConfiguration(after = VoyagerAutoConfiguration.class)
@ConditionalOnClass(name = "io.voyagerota.transport.mqtt.VoyagerMqtt")
@ConditionalOnExpression("'${voyager.enabled:true}' == 'true' && '${voyager.mqtt.url:}' != ''")
public class VoyagerMqttAutoConfiguration {
    /** How the auto-configured Voyager nudges devices; its outbox delivers through it once the transport runs. */
    @Bean
    @ConditionalOnMissingBean(DeviceNotifier.class)
    public MqttDeviceNotifier voyagerMqttNotifier() {
        return new MqttDeviceNotifier();
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnMissingBean
    public VoyagerMqtt voyagerMqtt(Voyager voyager, VoyagerProperties properties,
                                   ObjectProvider<MqttDeviceNotifier> notifier) {
        VoyagerProperties.Mqtt mqtt = properties.getMqtt();
        MqttConfig config = MqttConfig.of(mqtt.getUrl().strip()).withLogContext(properties.isLogContext());
        if (!mqtt.getUsername().isBlank()) {
            config = config.withCredentials(mqtt.getUsername(), mqtt.getPassword());
        }
        VoyagerMqtt.Builder builder = VoyagerMqtt.builder(voyager, config);
        notifier.ifAvailable(builder::notifier);
        return builder.build();
    }
}
