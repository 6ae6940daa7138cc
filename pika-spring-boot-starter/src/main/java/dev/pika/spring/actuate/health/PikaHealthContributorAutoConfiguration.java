package dev.pika.spring.actuate.health;

import dev.pika.spring.autoconfigure.PikaConnectionAutoConfiguration;
import dev.pika.spring.connection.PikaConnectionFactory;
import dev.pika.spring.listener.observation.PikaListenerViews;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.util.function.SingletonSupplier;

/**
 * The {@code pika} health contributor ({@link PikaHealthIndicator}), when Spring Boot's health support
 * ({@code spring-boot-health}, brought by the actuator) is on the classpath and the starter made a
 * {@link PikaConnectionFactory}. Turned off with {@code management.health.pika.enabled=false}; tuned with
 * {@code management.health.pika.recovering-status} and {@code management.health.pika.timeout}. Backs off
 * when the application defines a bean named {@code pikaHealthIndicator} or {@code pikaHealthContributor}.
 *
 * <p>Spring instantiates this class once, at start-up; it holds no state.
 */
@AutoConfiguration(after = PikaConnectionAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class, PikaConnectionFactory.class})
@ConditionalOnBean(PikaConnectionFactory.class)
@ConditionalOnEnabledHealthIndicator("pika")
@EnableConfigurationProperties(PikaHealthProperties.class)
public class PikaHealthContributorAutoConfiguration {

    /**
     * The indicator; its bean name makes the contributor name {@code pika}.
     *
     * @param connectionFactory the connections
     * @param listenerViews the listener containers, when the listener support is configured
     * @param properties {@code management.health.pika.*}
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = {"pikaHealthIndicator", "pikaHealthContributor"})
    public PikaHealthIndicator pikaHealthIndicator(
            PikaConnectionFactory connectionFactory,
            ObjectProvider<PikaListenerViews> listenerViews,
            PikaHealthProperties properties) {
        Status recovering = properties.getRecoveringStatus() == PikaHealthProperties.RecoveringStatus.OUT_OF_SERVICE
                ? Status.OUT_OF_SERVICE
                : Status.DOWN;
        return new PikaHealthIndicator(
                connectionFactory,
                SingletonSupplier.of(listenerViews::getIfAvailable),
                recovering,
                properties.getTimeout());
    }
}
