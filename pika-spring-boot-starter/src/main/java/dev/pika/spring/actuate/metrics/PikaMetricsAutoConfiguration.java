package dev.pika.spring.actuate.metrics;

import dev.pika.spring.autoconfigure.PikaConnectionAutoConfiguration;
import dev.pika.spring.autoconfigure.PikaProperties;
import dev.pika.spring.autoconfigure.PikaTemplateAutoConfiguration;
import dev.pika.spring.autoconfigure.PikaTemplateCustomizer;
import dev.pika.spring.connection.PikaConnectionFactory;
import dev.pika.spring.listener.observation.PikaListenerViews;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.util.function.SingletonSupplier;

/**
 * Micrometer meters of the starter, when Micrometer is on the classpath and the application has a
 * {@link MeterRegistry} (Spring Boot's metrics support, with or without the actuator): every one is a
 * {@link MeterBinder} bean, which Spring Boot binds to the registry.
 *
 * <ul>
 *   <li>{@link MicrometerMetricsCollector}: the connection-level gauges and counters, installed on every
 *       connection by the {@link MetricsCollectorCustomizer};
 *   <li>{@link PikaPublishMetrics}: the publish-confirm timer, added to the {@code PikaTemplate} by a
 *       {@link PikaTemplateCustomizer};
 *   <li>{@link PikaListenerMetrics}: the listener timer, a {@code PikaListenerInvocationObserver} the
 *       listener containers call.
 * </ul>
 *
 * <p>Meter names start with {@code pika.metrics.prefix} ({@code pika}); {@code pika.metrics.enabled=false}
 * turns them all off. Each bean backs off when the application defines its own. Spring instantiates
 * this class once, at start-up; it holds no state.
 */
@AutoConfiguration(
        after = {PikaConnectionAutoConfiguration.class, PikaTemplateAutoConfiguration.class},
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@ConditionalOnClass({MeterRegistry.class, PikaConnectionFactory.class})
@ConditionalOnBean({PikaConnectionFactory.class, MeterRegistry.class})
@ConditionalOnBooleanProperty(name = "pika.metrics.enabled", matchIfMissing = true)
public class PikaMetricsAutoConfiguration {

    /** {@code @Order} of the template customizer adding the publish-confirm timer: {@value}. */
    public static final int PUBLISH_METRICS_ORDER = 100;

    /**
     * {@code @Order} of the listener timer among the invocation observers: {@value} (after the
     * observation, so the timer runs within its scope).
     */
    public static final int LISTENER_METRICS_ORDER = 100;

    /**
     * The connection-level meters.
     *
     * @param properties the properties ({@code pika.metrics.prefix})
     * @param listenerViews the listener containers, when the listener support is configured
     * @return the collector
     */
    @Bean
    @ConditionalOnMissingBean
    public MicrometerMetricsCollector pikaMetricsCollector(
            PikaProperties properties, ObjectProvider<PikaListenerViews> listenerViews) {
        return new MicrometerMetricsCollector(
                new PikaMeterNames(properties.getMetrics().getPrefix()),
                SingletonSupplier.of(listenerViews::getIfAvailable));
    }

    /**
     * Installs the collector on every connection's parameters.
     *
     * @param collector the collector
     * @return the customizer
     */
    @Bean
    @ConditionalOnMissingBean
    public MetricsCollectorCustomizer pikaMetricsCollectorCustomizer(MicrometerMetricsCollector collector) {
        return new MetricsCollectorCustomizer(collector);
    }

    /**
     * The publish-confirm timer.
     *
     * @param properties the properties ({@code pika.metrics.prefix})
     * @return the timer's binder
     */
    @Bean
    @ConditionalOnMissingBean
    public PikaPublishMetrics pikaPublishMetrics(PikaProperties properties) {
        return new PikaPublishMetrics(new PikaMeterNames(properties.getMetrics().getPrefix()));
    }

    /**
     * Adds the publish-confirm timer to the template, inside the publish observation (which runs
     * first, so that the timer sees the headers it added).
     *
     * @param publishMetrics the timer
     * @return the customizer
     */
    @Bean
    @Order(PUBLISH_METRICS_ORDER)
    public PikaTemplateCustomizer pikaPublishMetricsTemplateCustomizer(PikaPublishMetrics publishMetrics) {
        return template -> template.addPublishInterceptor(publishMetrics);
    }

    /**
     * The listener timer.
     *
     * @param properties the properties ({@code pika.metrics.prefix})
     * @return the timer's binder and invocation observer
     */
    @Bean
    @ConditionalOnMissingBean
    @Order(LISTENER_METRICS_ORDER)
    public PikaListenerMetrics pikaListenerMetrics(PikaProperties properties) {
        return new PikaListenerMetrics(
                new PikaMeterNames(properties.getMetrics().getPrefix()));
    }
}
