package dev.pika.spring.autoconfigure;

import dev.pika.ConnectionParameters;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The base of the pika-java starter: binds and checks {@code pika.*} ({@link PikaProperties}), offers
 * the {@link PikaConnectionDetails} read from them unless another bean gives them (a Testcontainers
 * {@code @ServiceConnection}, the embedded broker), and the {@link PikaConnectionParametersFactory}
 * that every connection starts from.
 *
 * <p>One auto-configuration per concern, each after this one: the connection factory, {@code
 * PikaTemplate} and declarations, the {@code @PikaListener} containers, health and metrics. The
 * embedded broker's ({@code dev.pika.spring.autoconfigure.embedded}) runs before it, so that its
 * connection details win.
 *
 * <p>Every bean backs off when the application defines one of the same type.
 * Spring instantiates this class once, at start-up; it holds no state.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnClass(ConnectionParameters.class)
@EnableConfigurationProperties(PikaProperties.class)
public class PikaAutoConfiguration {

    /**
     * The connection details read from {@code pika.*}.
     *
     * @param properties the properties
     * @param sslBundles the SSL bundles, if any
     * @return the details
     */
    @Bean
    @ConditionalOnMissingBean(PikaConnectionDetails.class)
    public PropertiesPikaConnectionDetails pikaConnectionDetails(
            PikaProperties properties, ObjectProvider<SslBundles> sslBundles) {
        return new PropertiesPikaConnectionDetails(properties, sslBundles.getIfAvailable());
    }

    /**
     * The factory of every connection's parameters, checked once at start-up.
     *
     * @param properties the properties
     * @param connectionDetails where the broker is
     * @param customizers the customizers, applied in {@code @Order}
     * @param environment for {@code spring.application.name}, the default connection name
     * @return the factory
     */
    @Bean
    @ConditionalOnMissingBean
    public PikaConnectionParametersFactory pikaConnectionParametersFactory(
            PikaProperties properties,
            PikaConnectionDetails connectionDetails,
            ObjectProvider<ConnectionParametersCustomizer> customizers,
            Environment environment) {
        return new PikaConnectionParametersFactory(
                properties,
                connectionDetails,
                customizers.orderedStream().toList(),
                environment.getProperty("spring.application.name"));
    }
}
