package io.voyagerota.spring.boot.internal;

import io.voyagerota.jdbc.JdbcRegistry;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes every {@link JdbcRegistry} bean wait for the application's own Flyway or Liquibase migration. Flyway refuses
 * to start on a schema that is not empty and has no history of its own, so if Voyager's tables were created first
 * on a fresh database the host's first migration would fail; the servlet container, which needs the registry, is
 * otherwise built before Boot's migration initializers run.
 */
public final class AfterHostMigrations implements BeanFactoryPostProcessor {
    /** The beans that run a host's migrations at start, on Boot 3 and Boot 4. */
    private static final List<String> INITIALIZERS = List.of(
            "org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer",
            "org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer",
            "liquibase.integration.spring.SpringLiquibase");

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory factory) {
        ClassLoader loader = factory.getBeanClassLoader();
        List<String> initializers = new ArrayList<>();
        for (String type : INITIALIZERS) {
            if (ClassUtils.isPresent(type, loader)) {
                initializers.addAll(List.of(factory.getBeanNamesForType(ClassUtils.resolveClassName(type, loader),
                        true, false)));
            }
        }
        if (initializers.isEmpty()) {
            return;
        }
        for (String registry : factory.getBeanNamesForType(JdbcRegistry.class, true, false)) {
            BeanDefinition definition;
            try {
                definition = factory.getBeanDefinition(registry);
            } catch (NoSuchBeanDefinitionException e) {
                continue; // a singleton registered as an instance: it exists already, nothing to order
            }
            Set<String> dependsOn = new LinkedHashSet<>();
            if (definition.getDependsOn() != null) {
                dependsOn.addAll(List.of(definition.getDependsOn()));
            }
            dependsOn.addAll(initializers);
            definition.setDependsOn(dependsOn.toArray(String[]::new));
        }
    }
}
