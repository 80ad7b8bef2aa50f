package io.voyagerota.spring.boot;

import io.voyagerota.Voyager;
import io.voyagerota.VoyagerConfig;
import io.voyagerota.jdbc.JdbcRegistry;
import io.voyagerota.link.HmacDownloadLinks;
import io.voyagerota.signing.SigningKey;
import io.voyagerota.spi.ArtifactStorage;
import io.voyagerota.spi.DeviceNotifier;
import io.voyagerota.spi.Registry;
import io.voyagerota.spring.boot.internal.AfterHostMigrations;
import io.voyagerota.spring.boot.internal.Settings;
import io.voyagerota.spring.boot.internal.VoyagerLifecycle;
import io.voyagerota.storage.fs.FileSystemArtifactStorage;
import io.voyagerota.transport.http.HttpConfig;
import io.voyagerota.transport.http.VoyagerHttpHandler;
import io.voyagerota.transport.http.servlet.VoyagerServlet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * A {@link Voyager} on the application's {@code DataSource} (the JDBC registry, migrated at start), its artifacts
 * in a directory or S3, and its device and admin APIs on the application's own servlet container under
 * {@code voyager.http.base-path}. Every bean backs off when the application declares its own of the type.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration", // Boot 3
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"}) // Boot 4
@ConditionalOnProperty(prefix = "voyager", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(VoyagerProperties.class)
@Import(VoyagerS3StorageConfiguration.class)
public class VoyagerAutoConfiguration {
    /** Voyager's migration runs after the application's own Flyway or Liquibase, which want to go first. */
    @Bean
    public static AfterHostMigrations voyagerAfterHostMigrations() {
        return new AfterHostMigrations();
    }

    /** The registry on the application's only (or primary) DataSource; Voyager's tables are prefixed voyager_. */
    @Bean
    @ConditionalOnMissingBean(Registry.class)
    @ConditionalOnSingleCandidate(DataSource.class)
    public JdbcRegistry voyagerRegistry(DataSource dataSource, VoyagerProperties properties) {
        return JdbcRegistry.builder(dataSource).migrateOnStart(properties.getJdbc().isMigrate()).build();
    }

    /** Artifacts as files under {@code voyager.storage.fs.directory}, unless {@code voyager.storage.type=s3}. */
    @Bean
    @ConditionalOnMissingBean(ArtifactStorage.class)
    @ConditionalOnProperty(prefix = "voyager.storage", name = "type", havingValue = "fs", matchIfMissing = true)
    public FileSystemArtifactStorage voyagerArtifactStorage(VoyagerProperties properties) throws IOException {
        return FileSystemArtifactStorage.builder(properties.getStorage().getFs().getDirectory()).build();
    }

    /**
     * Links signed with {@code voyager.links.secret}, under the path devices see: the application's context path
     * and {@code voyager.http.base-path}.
     */
    @Bean
    @ConditionalOnMissingBean
    public HmacDownloadLinks voyagerDownloadLinks(VoyagerProperties properties, Environment environment) {
        String contextPath = environment.getProperty("server.servlet.context-path", "");
        return new HmacDownloadLinks(Settings.trimSlash(contextPath) + properties.getHttp().getBasePath(),
                Settings.linkSecret(properties.getLinks().getSecret()));
    }

    /**
     * The service, built from the beans above, a {@link SigningKey} bean or {@code voyager.offer.key-file}, a
     * {@link DeviceNotifier} bean (MQTT) and every {@link VoyagerCustomizer}; its background work runs while the
     * application context does ({@link VoyagerLifecycle}).
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Voyager voyager(Registry registry, ArtifactStorage storage, HmacDownloadLinks links,
                           VoyagerProperties properties, ObjectProvider<SigningKey> offerKey,
                           ObjectProvider<DeviceNotifier> notifier, ObjectProvider<VoyagerCustomizer> customizers) {
        Duration ttl = properties.getLinks().getTtl();
        Voyager.Builder builder = Voyager.builder().registry(registry).artifactStorage(storage).downloadLinks(links)
                .config(VoyagerConfig.defaults().withLinks(ttl, ttl.compareTo(Duration.ofMinutes(1)) < 0 ? ttl
                        : Duration.ofMinutes(1)));
        properties.getAdmin().getTokenSha256().forEach(builder::adminToken);
        Optional.ofNullable(offerKey.getIfAvailable())
                .or(() -> Settings.offerKey(properties.getOffer().getKeyFile())).ifPresent(builder::offerKey);
        notifier.ifAvailable(builder::notifier);
        customizers.orderedStream().forEach(c -> c.customize(builder));
        return builder.build();
    }

    /** Starts the Voyager's background work when the context has started, and stops it first on shutdown. */
    @Bean
    @ConditionalOnMissingBean
    public VoyagerLifecycle voyagerLifecycle(Voyager voyager) {
        return new VoyagerLifecycle(voyager);
    }

    @Bean
    @ConditionalOnMissingBean
    public VoyagerHttpHandler voyagerHttpHandler(Voyager voyager, HmacDownloadLinks links,
                                                 VoyagerProperties properties) {
        HttpConfig config = HttpConfig.defaults().withBasePath(properties.getHttp().getBasePath())
                .withUnauthenticatedChecks(properties.getHttp().isAllowUnauthenticatedChecks())
                .withLogContext(properties.isLogContext());
        return VoyagerHttpHandler.builder(voyager, links).config(config).build();
    }

    /** The APIs on the application's servlet container: one servlet for the base path and everything below it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "jakarta.servlet.Servlet")
    public static class ServletMount {
        @Bean
        @ConditionalOnMissingBean(name = "voyagerServlet")
        public ServletRegistrationBean<VoyagerServlet> voyagerServlet(VoyagerHttpHandler handler,
                                                                      VoyagerProperties properties) {
            ServletRegistrationBean<VoyagerServlet> registration = new ServletRegistrationBean<>(
                    new VoyagerServlet(handler), properties.getHttp().getBasePath() + "/*");
            registration.setName("voyager");
            return registration;
        }
    }
}
