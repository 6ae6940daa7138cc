package dev.pika.spring.autoconfigure;

import org.springframework.retry.support.RetryTemplate;

/**
 * Adjusts the connection recovery's {@link RetryTemplate} built from {@code pika.recovery.*}: register
 * a {@code RetryListener} (metrics, logs), change the retry policy or the back-off. Applied in
 * {@code @Order}. To replace the template altogether, define a {@code RetryTemplate} bean named
 * {@value PikaConnectionAutoConfiguration#RECOVERY_RETRY_TEMPLATE_BEAN_NAME}; to replace only the
 * back-off, a {@code BackOffPolicy} bean named {@value
 * PikaConnectionAutoConfiguration#RECOVERY_BACK_OFF_POLICY_BEAN_NAME}.
 *
 * <p>Called once, at start-up, on the thread creating the beans.
 */
@FunctionalInterface
public interface PikaRecoveryRetryTemplateCustomizer {

    /**
     * Customizes the template.
     *
     * @param retryTemplate the recovery template
     */
    void customize(RetryTemplate retryTemplate);
}
