package dev.pika.spring.it;

import dev.pika.spring.actuate.health.PikaHealthContributorAutoConfiguration;
import dev.pika.spring.actuate.metrics.PikaMetricsAutoConfiguration;
import dev.pika.spring.observation.PikaObservationAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The starter with Spring Boot's health endpoint and metrics, as an application with the actuator has them. */
final class ObservabilityContexts {

    private ObservabilityContexts() {}

    static ApplicationContextRunner runner() {
        return StarterContexts.runner()
                .withConfiguration(AutoConfigurations.of(
                        HealthContributorAutoConfiguration.class,
                        HealthContributorRegistryAutoConfiguration.class,
                        HealthEndpointAutoConfiguration.class,
                        PikaHealthContributorAutoConfiguration.class,
                        MetricsAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class,
                        PikaMetricsAutoConfiguration.class,
                        PikaObservationAutoConfiguration.class))
                .withPropertyValues("management.endpoint.health.show-details=always");
    }
}
