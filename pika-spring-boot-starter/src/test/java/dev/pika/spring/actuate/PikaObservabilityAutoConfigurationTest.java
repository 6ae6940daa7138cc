package dev.pika.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pika.MetricsCollector;
import dev.pika.spring.actuate.health.PikaHealthContributorAutoConfiguration;
import dev.pika.spring.actuate.health.PikaHealthIndicator;
import dev.pika.spring.actuate.metrics.MicrometerMetricsCollector;
import dev.pika.spring.actuate.metrics.PikaListenerMetrics;
import dev.pika.spring.actuate.metrics.PikaMetricsAutoConfiguration;
import dev.pika.spring.actuate.metrics.PikaPublishMetrics;
import dev.pika.spring.autoconfigure.ConnectionParametersCustomizer;
import dev.pika.spring.autoconfigure.PikaAdminAutoConfiguration;
import dev.pika.spring.autoconfigure.PikaAutoConfiguration;
import dev.pika.spring.autoconfigure.PikaConnectionAutoConfiguration;
import dev.pika.spring.autoconfigure.PikaConnectionParametersFactory;
import dev.pika.spring.autoconfigure.PikaTemplateAutoConfiguration;
import dev.pika.spring.core.PikaTemplate;
import dev.pika.spring.core.PublishRequest;
import dev.pika.spring.listener.observation.PikaListenerInvocationObserver;
import dev.pika.spring.observation.DefaultPikaPublishObservationConvention;
import dev.pika.spring.observation.PikaObservationAutoConfiguration;
import dev.pika.spring.observation.PikaProcessObservationObserver;
import dev.pika.spring.observation.PikaPublishObservationContext;
import dev.pika.spring.observation.PikaPublishObservationConvention;
import dev.pika.spring.observation.PikaPublishObservationInterceptor;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The health, metrics and observation auto-configurations on {@link ApplicationContextRunner}, without
 * a broker (the connection points at a closed port and keeps retrying): what appears with the
 * actuator, Micrometer and an observation registry present, what is absent without them or when
 * turned off, and that the application's beans win.
 */
class PikaObservabilityAutoConfigurationTest {

    private static String unreachableUrl;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    PikaAutoConfiguration.class,
                    PikaConnectionAutoConfiguration.class,
                    PikaTemplateAutoConfiguration.class,
                    PikaAdminAutoConfiguration.class,
                    PikaHealthContributorAutoConfiguration.class,
                    MetricsAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class,
                    PikaMetricsAutoConfiguration.class,
                    PikaObservationAutoConfiguration.class))
            .withPropertyValues("pika.url=" + unreachableUrl, "pika.recovery.initial-interval=10s");

    @BeforeAll
    static void findAClosedPort() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        unreachableUrl = "amqp://guest:guest@127.0.0.1:" + port + "/%2F";
    }

    // ------------------------------------------------------------------------------------------------
    // Health

    @Test
    void theHealthIndicatorAppearsAsPikaAndReportsTheUnreachableBrokerAtOnce() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(PikaHealthIndicator.class);
            assertThat(context).hasBean("pikaHealthIndicator");
            Health health = context.getBean(PikaHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) health.getDetails().get("reason")).contains("connection 'pika'");
        });
    }

    @Test
    void theRecoveringStatusIsConfigurable() {
        runner.withPropertyValues("management.health.pika.recovering-status=out-of-service")
                .run(context -> assertThat(context.getBean(PikaHealthIndicator.class)
                                .health()
                                .getStatus())
                        .isEqualTo(Status.OUT_OF_SERVICE));
    }

    @Test
    void noHealthIndicatorWithoutSpringBootHealth() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean("pikaHealthIndicator");
        });
    }

    @Test
    void noHealthIndicatorWhenDisabled() {
        runner.withPropertyValues("management.health.pika.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PikaHealthIndicator.class));
    }

    @Test
    void anApplicationIndicatorNamedPikaHealthIndicatorWins() {
        runner.withBean(
                        "pikaHealthIndicator",
                        HealthIndicator.class,
                        () -> () -> Health.up().build())
                .run(context -> {
                    assertThat(context).doesNotHaveBean(PikaHealthIndicator.class);
                    assertThat(context.getBean("pikaHealthIndicator", HealthIndicator.class)
                                    .health()
                                    .getStatus())
                            .isEqualTo(Status.UP);
                });
    }

    // ------------------------------------------------------------------------------------------------
    // Metrics

    @Test
    void metersAreBoundToTheRegistryAndTheCollectorIsOnEveryConnection() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(MicrometerMetricsCollector.class);
            assertThat(context).hasSingleBean(PikaPublishMetrics.class);
            assertThat(context).hasSingleBean(PikaListenerMetrics.class);
            MicrometerMetricsCollector collector = context.getBean(MicrometerMetricsCollector.class);
            assertThat(context.getBean(PikaConnectionParametersFactory.class)
                            .create()
                            .get(0)
                            .metricsCollector())
                    .isSameAs(collector);

            collector.published("pika", 10);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("pika.published")
                            .tag("connection", "pika")
                            .counter()
                            .count())
                    .isEqualTo(1);
        });
    }

    @Test
    void thePrefixKeepsRabbitMqDashboardNames() {
        runner.withPropertyValues("pika.metrics.prefix=rabbitmq").run(context -> {
            context.getBean(MicrometerMetricsCollector.class).consumed("pika", false, 1);
            assertThat(context.getBean(MeterRegistry.class)
                            .get("rabbitmq.consumed")
                            .counter()
                            .count())
                    .isEqualTo(1);
        });
    }

    @Test
    void aBadPrefixFailsTheStartWithTheProperty() {
        runner.withPropertyValues("pika.metrics.prefix=pika.")
                .run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining("pika.metrics.prefix"));
    }

    @Test
    void noMetersWithoutMicrometer() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        PikaAutoConfiguration.class,
                        PikaConnectionAutoConfiguration.class,
                        PikaTemplateAutoConfiguration.class,
                        PikaMetricsAutoConfiguration.class))
                .withPropertyValues("pika.url=" + unreachableUrl, "pika.recovery.initial-interval=10s")
                .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(MicrometerMetricsCollector.class);
                    assertThat(context.getBean(PikaConnectionParametersFactory.class)
                                    .create()
                                    .get(0)
                                    .metricsCollector())
                            .isSameAs(MetricsCollector.NOOP);
                });
    }

    @Test
    void noMetersWhenDisabled() {
        runner.withPropertyValues("pika.metrics.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(MicrometerMetricsCollector.class);
            assertThat(context).doesNotHaveBean(PikaListenerMetrics.class);
            assertThat(context.getBean(PikaTemplate.class).getPublishInterceptors())
                    .noneMatch(PikaPublishMetrics.class::isInstance);
        });
    }

    @Test
    void anApplicationMetricsCollectorIsKeptBesideOurs() {
        MetricsCollector own = new MetricsCollector() {};
        runner.withBean(ConnectionParametersCustomizer.class, () -> builder -> builder.metricsCollector(own))
                .run(context -> {
                    MetricsCollector installed = context.getBean(PikaConnectionParametersFactory.class)
                            .create()
                            .get(0)
                            .metricsCollector();
                    assertThat(installed).isNotSameAs(own).isNotSameAs(MetricsCollector.NOOP);
                    installed.published("pika", 1);
                    assertThat(context.getBean(MeterRegistry.class)
                                    .get("pika.published")
                                    .counter()
                                    .count())
                            .isEqualTo(1);
                });
    }

    // ------------------------------------------------------------------------------------------------
    // Observation

    @Test
    void observationsNeedAnObservationRegistryBean() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(PikaPublishObservationInterceptor.class);
            assertThat(context).doesNotHaveBean(PikaProcessObservationObserver.class);
        });
    }

    @Test
    void withARegistryTheTemplateIsObservedFirstAndTimedAfter() {
        runner.withUserConfiguration(ObservationRegistryConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(PikaProcessObservationObserver.class);
            assertThat(context.getBean(PikaTemplate.class).getPublishInterceptors())
                    .hasExactlyElementsOfTypes(PikaPublishObservationInterceptor.class, PikaPublishMetrics.class);
            assertThat(context.getBeanProvider(PikaListenerInvocationObserver.class)
                            .orderedStream()
                            .toList())
                    .as("the listener containers call the observation first, then the timer")
                    .hasExactlyElementsOfTypes(PikaProcessObservationObserver.class, PikaListenerMetrics.class);
        });
    }

    @Test
    void observationsCanBeTurnedOff() {
        runner.withUserConfiguration(ObservationRegistryConfiguration.class)
                .withPropertyValues("pika.observation.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PikaPublishObservationInterceptor.class));
    }

    @Test
    void noObservationsWithoutMicrometerObservation() {
        runner.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(PikaPublishObservationInterceptor.class);
                });
    }

    @Test
    void anApplicationConventionWins() {
        runner.withUserConfiguration(ObservationRegistryConfiguration.class, CustomConvention.class)
                .run(context -> {
                    TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
                    PikaPublishObservationInterceptor interceptor =
                            context.getBean(PikaPublishObservationInterceptor.class);

                    interceptor.intercept(
                            new PublishRequest("pika", "orders", "created", new byte[1], null, true),
                            request -> CompletableFuture.completedFuture(null));

                    TestObservationRegistryAssert.assertThat(registry)
                            .hasObservationWithNameEqualTo("orders.sent")
                            .that()
                            .hasLowCardinalityKeyValue("team", "billing")
                            .hasBeenStopped();
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class ObservationRegistryConfiguration {
        @Bean
        TestObservationRegistry observationRegistry() {
            return TestObservationRegistry.create();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomConvention {
        @Bean
        PikaPublishObservationConvention ordersConvention() {
            return new DefaultPikaPublishObservationConvention() {
                @Override
                public String getName() {
                    return "orders.sent";
                }

                @Override
                public KeyValues getLowCardinalityKeyValues(PikaPublishObservationContext context) {
                    return super.getLowCardinalityKeyValues(context).and("team", "billing");
                }
            };
        }
    }
}
