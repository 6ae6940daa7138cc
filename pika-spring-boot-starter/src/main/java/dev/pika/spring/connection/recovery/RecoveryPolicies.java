package dev.pika.spring.connection.recovery;

import dev.pika.exceptions.AmqpConnectionException;
import dev.pika.exceptions.AuthenticationException;
import dev.pika.exceptions.ProbableAccessDeniedException;
import dev.pika.exceptions.ProbableAuthenticationException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.classify.BinaryExceptionClassifier;
import org.springframework.retry.backoff.BackOffPolicy;
import org.springframework.retry.policy.SimpleRetryPolicy;
import org.springframework.retry.support.RetryTemplate;

/**
 * The recovery's retry rules, built on Spring Retry: which connection failures are retried and which
 * are fatal, and the default {@link RetryTemplate} made from {@code pika.recovery.*}.
 *
 * <p>Classification (the closest superclass of the failure itself decides; causes are not
 * traversed, since an authentication failure carries the broker's close as its cause):
 *
 * <ul>
 *   <li>fatal: {@link AuthenticationException}, {@link ProbableAuthenticationException}, {@link
 *       ProbableAccessDeniedException}: the broker refused the credentials or the virtual host; trying
 *       again would only hammer it (and may lock the account), so recovery stops at once with one
 *       ERROR log;
 *   <li>retried: every other {@link AmqpConnectionException} (refused or lost stream, heartbeat
 *       timeout, broker close such as a forced close or a node shutdown, timeouts);
 *   <li>fatal: anything else (a bug or bad configuration, e.g. {@link IllegalArgumentException}).
 * </ul>
 *
 * <p>Stateless; safe from any thread.
 */
public final class RecoveryPolicies {

    private RecoveryPolicies() {}

    /**
     * The exception classes and whether each is retried; the closest superclass of a failure decides.
     *
     * @return a new, ordered map
     */
    public static Map<Class<? extends Throwable>, Boolean> retryableExceptions() {
        Map<Class<? extends Throwable>, Boolean> map = new LinkedHashMap<>();
        map.put(AmqpConnectionException.class, true);
        map.put(AuthenticationException.class, false);
        map.put(ProbableAuthenticationException.class, false);
        map.put(ProbableAccessDeniedException.class, false);
        return map;
    }

    /**
     * The classifier of {@link #retryableExceptions()}: {@code true} for a retryable failure.
     *
     * @return a new classifier (unknown types: not retryable)
     */
    public static BinaryExceptionClassifier classifier() {
        return new BinaryExceptionClassifier(retryableExceptions(), false);
    }

    /**
     * Whether a failure is fatal under the default rules.
     *
     * @param failure the failure
     * @return {@code true} when recovery must not retry it
     */
    public static boolean isFatal(Throwable failure) {
        return !classifier().classify(failure);
    }

    /**
     * The default back-off of {@code pika.recovery.*}.
     *
     * @param initialInterval first wait
     * @param multiplier factor between waits
     * @param maxInterval longest wait
     * @param jitter spread as a fraction of each wait
     * @return the policy
     */
    public static BackOffPolicy backOff(
            Duration initialInterval, double multiplier, Duration maxInterval, double jitter) {
        return new JitteredExponentialBackOffPolicy(initialInterval, multiplier, maxInterval, jitter);
    }

    /**
     * The default recovery template: {@code maxAttempts} attempts (0: unlimited) of the {@link
     * #retryableExceptions() classification}, waiting with {@code backOff} between attempts.
     *
     * @param maxAttempts attempts per recovery, the first included; 0 tries forever
     * @param backOff the back-off between attempts
     * @return a new template
     */
    public static RetryTemplate retryTemplate(int maxAttempts, BackOffPolicy backOff) {
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must be >= 0 (0 tries forever), but was " + maxAttempts
                    + " (pika.recovery.max-attempts)");
        }
        RetryTemplate template = new RetryTemplate();
        template.setRetryPolicy(new SimpleRetryPolicy(
                maxAttempts == 0 ? Integer.MAX_VALUE : maxAttempts, retryableExceptions(), false, false));
        template.setBackOffPolicy(backOff);
        return template;
    }
}
