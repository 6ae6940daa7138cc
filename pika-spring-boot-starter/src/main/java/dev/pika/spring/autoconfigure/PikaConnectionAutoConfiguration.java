package dev.pika.spring.autoconfigure;

import dev.pika.spring.connection.ConnectionInitializer;
import dev.pika.spring.connection.PikaConnectionFactory;
import dev.pika.spring.connection.recovery.RecoveryPolicies;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.retry.backoff.BackOffPolicy;
import org.springframework.retry.support.RetryTemplate;

/**
 * The connection: a {@link PikaConnectionFactory} whose connections are opened from the {@link
 * PikaConnectionParametersFactory} (every configured address, in order or shuffled, at every attempt)
 * and recovered by the {@link RetryTemplate} named {@value #RECOVERY_RETRY_TEMPLATE_BEAN_NAME}.
 *
 * <p>The default template follows {@code pika.recovery.*}: {@code max-attempts} attempts (0: forever),
 * exponential back-off from {@code initial-interval} by {@code multiplier} up to {@code max-interval}
 * with {@code jitter}, authentication and access refusals fatal (see {@link RecoveryPolicies}). Replace
 * it with a {@code RetryTemplate} bean of that name, only its back-off with a {@code BackOffPolicy} bean
 * named {@value #RECOVERY_BACK_OFF_POLICY_BEAN_NAME}, or adjust it with {@link
 * PikaRecoveryRetryTemplateCustomizer}s. Every {@link ConnectionInitializer} bean (such as {@code
 * PikaAdmin}) runs at each opening.
 *
 * <p>Every bean backs off when the application defines its own. Spring instantiates this class once,
 * at start-up; it holds no state.
 */
@AutoConfiguration(after = PikaAutoConfiguration.class)
@ConditionalOnClass({PikaConnectionFactory.class, RetryTemplate.class})
public class PikaConnectionAutoConfiguration {

    /** Name of the recovery's {@code RetryTemplate} bean: {@value}. */
    public static final String RECOVERY_RETRY_TEMPLATE_BEAN_NAME = "pikaRecoveryRetryTemplate";

    /** Name of the {@code BackOffPolicy} bean that replaces the recovery's default back-off: {@value}. */
    public static final String RECOVERY_BACK_OFF_POLICY_BEAN_NAME = "pikaRecoveryBackOffPolicy";

    /**
     * The recovery's retry template, from {@code pika.recovery.*}.
     *
     * @param properties the properties
     * @param backOffPolicy a back-off replacing the default, if defined
     * @param customizers applied in {@code @Order}
     * @return the template
     */
    @Bean(RECOVERY_RETRY_TEMPLATE_BEAN_NAME)
    @ConditionalOnMissingBean(name = RECOVERY_RETRY_TEMPLATE_BEAN_NAME)
    public RetryTemplate pikaRecoveryRetryTemplate(
            PikaProperties properties,
            @Qualifier(RECOVERY_BACK_OFF_POLICY_BEAN_NAME) ObjectProvider<BackOffPolicy> backOffPolicy,
            ObjectProvider<PikaRecoveryRetryTemplateCustomizer> customizers) {
        PikaProperties.Recovery recovery = properties.getRecovery();
        BackOffPolicy backOff = backOffPolicy.getIfAvailable(() -> RecoveryPolicies.backOff(
                recovery.getInitialInterval(),
                recovery.getMultiplier(),
                recovery.getMaxInterval(),
                recovery.getJitter()));
        RetryTemplate template = RecoveryPolicies.retryTemplate(recovery.getMaxAttempts(), backOff);
        customizers.orderedStream().forEach(customizer -> customizer.customize(template));
        return template;
    }

    /**
     * The connection factory.
     *
     * @param parametersFactory the parameters of every address
     * @param retryTemplate the recovery template
     * @param properties the properties ({@code pika.recovery.enabled}, {@code pika.declarations.timeout})
     * @param initializers run at every opening, in {@code @Order} (resolved when the factory starts)
     * @return the factory
     */
    @Bean
    @ConditionalOnMissingBean
    public PikaConnectionFactory pikaConnectionFactory(
            PikaConnectionParametersFactory parametersFactory,
            @Qualifier(RECOVERY_RETRY_TEMPLATE_BEAN_NAME) RetryTemplate retryTemplate,
            PikaProperties properties,
            ObjectProvider<ConnectionInitializer> initializers) {
        PikaConnectionFactory factory = new PikaConnectionFactory(
                parametersFactory::create,
                retryTemplate,
                properties.getRecovery().isEnabled());
        factory.setInitializationTimeout(properties.getDeclarations().getTimeout());
        factory.setRecoveryDelay(
                properties.getRecovery().getInitialInterval(),
                properties.getRecovery().getJitter());
        factory.setInitializerProvider(() -> initializers.orderedStream().toList());
        return factory;
    }
}
