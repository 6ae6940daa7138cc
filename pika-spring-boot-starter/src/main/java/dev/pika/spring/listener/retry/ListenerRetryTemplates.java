package dev.pika.spring.listener.retry;

import java.time.Duration;
import org.springframework.retry.support.RetryTemplate;

/**
 * Builds the spring-retry {@link RetryTemplate} of {@code pika.listener.retry.*}: {@code maxAttempts}
 * calls of the listener (the first included), waiting {@code initialInterval}, then multiplied by {@code
 * multiplier} after each failure, at most {@code maxInterval}. Every exception is retried except those
 * that carry {@link dev.pika.spring.listener.RequeueMessageException} or {@link
 * dev.pika.spring.listener.RejectMessageException} in their cause chain (the container stops at those
 * whatever the template says).
 *
 * <p>Static methods only; thread-safe.
 */
public final class ListenerRetryTemplates {

    private ListenerRetryTemplates() {}

    /**
     * A template with exponential back-off.
     *
     * @param maxAttempts calls, at least 1
     * @param initialInterval the first wait, positive
     * @param multiplier the factor, at least 1
     * @param maxInterval the longest wait, at least {@code initialInterval}
     * @return a new template
     * @throws IllegalArgumentException naming the {@code pika.listener.retry.*} setting that is out of range
     */
    public static RetryTemplate exponential(
            int maxAttempts, Duration initialInterval, double multiplier, Duration maxInterval) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "pika.listener.retry.max-attempts must be at least 1, but was " + maxAttempts);
        }
        if (initialInterval == null || initialInterval.isNegative() || initialInterval.isZero()) {
            throw new IllegalArgumentException(
                    "pika.listener.retry.initial-interval must be positive, but was " + initialInterval);
        }
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException(
                    "pika.listener.retry.multiplier must be at least 1, but was " + multiplier);
        }
        if (maxInterval == null || maxInterval.compareTo(initialInterval) < 0) {
            throw new IllegalArgumentException(
                    "pika.listener.retry.max-interval must be at least the initial interval (" + initialInterval
                            + "), but was " + maxInterval);
        }
        if (maxAttempts == 1) {
            return RetryTemplate.builder().maxAttempts(1).noBackoff().build();
        }
        if (multiplier == 1.0) {
            // spring-retry's exponential back-off wants a multiplier above 1: a constant wait is a fixed back-off
            return RetryTemplate.builder()
                    .maxAttempts(maxAttempts)
                    .fixedBackoff(initialInterval)
                    .build();
        }
        return RetryTemplate.builder()
                .maxAttempts(maxAttempts)
                .exponentialBackoff(initialInterval, multiplier, maxInterval)
                .build();
    }
}
