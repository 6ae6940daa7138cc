package dev.pika.spring.observation;

import dev.pika.spring.autoconfigure.PikaConnectionAutoConfiguration;
import dev.pika.spring.autoconfigure.PikaTemplateCustomizer;
import dev.pika.spring.connection.PikaConnectionFactory;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/**
 * Micrometer observations of publish and process, when Micrometer's observation API is on the
 * classpath and the application has an {@link ObservationRegistry} bean (Spring Boot makes one with the
 * actuator or {@code spring-boot-micrometer-observation}): the {@link PikaPublishObservationInterceptor}
 * added to the {@code PikaTemplate} (first, so that the trace headers are in the message before
 * anything else sees it), and the {@link PikaProcessObservationObserver} the listener containers call.
 * A {@link PikaPublishObservationConvention} or {@link PikaProcessObservationConvention} bean replaces
 * the default naming. Turned off with {@code pika.observation.enabled=false}.
 *
 * <p>Spring instantiates this class once, at start-up; it holds no state.
 */
@AutoConfiguration(
        after = PikaConnectionAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ObservationRegistry.class, PikaConnectionFactory.class})
@ConditionalOnBean({PikaConnectionFactory.class, ObservationRegistry.class})
@ConditionalOnBooleanProperty(name = "pika.observation.enabled", matchIfMissing = true)
public class PikaObservationAutoConfiguration {

    /** {@code @Order} of the publish observation among the template customizers: {@value}. */
    public static final int PUBLISH_OBSERVATION_ORDER = 0;

    /** {@code @Order} of the process observation among the invocation observers: {@value}. */
    public static final int PROCESS_OBSERVATION_ORDER = 0;

    /**
     * The publish observation.
     *
     * @param registry the registry
     * @param convention the application's convention, if any
     * @return the interceptor
     */
    @Bean
    @ConditionalOnMissingBean
    public PikaPublishObservationInterceptor pikaPublishObservationInterceptor(
            ObservationRegistry registry, ObjectProvider<PikaPublishObservationConvention> convention) {
        return new PikaPublishObservationInterceptor(registry, convention.getIfUnique());
    }

    /**
     * Adds the publish observation to the template.
     *
     * @param interceptor the interceptor
     * @return the customizer
     */
    @Bean
    @Order(PUBLISH_OBSERVATION_ORDER)
    public PikaTemplateCustomizer pikaPublishObservationTemplateCustomizer(
            PikaPublishObservationInterceptor interceptor) {
        return template -> template.addPublishInterceptor(interceptor);
    }

    /**
     * The process observation.
     *
     * @param registry the registry
     * @param convention the application's convention, if any
     * @return the invocation observer
     */
    @Bean
    @ConditionalOnMissingBean
    @Order(PROCESS_OBSERVATION_ORDER)
    public PikaProcessObservationObserver pikaProcessObservationObserver(
            ObservationRegistry registry, ObjectProvider<PikaProcessObservationConvention> convention) {
        return new PikaProcessObservationObserver(registry, convention.getIfUnique());
    }
}
