package dev.pika.spring.annotation;

import dev.pika.spring.converter.MessageConversionException;
import dev.pika.spring.listener.RejectMessageException;
import dev.pika.spring.listener.RequeueMessageException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.retry.backoff.BackOffPolicy;
import org.springframework.retry.backoff.ExponentialBackOffPolicy;
import org.springframework.retry.backoff.ExponentialRandomBackOffPolicy;
import org.springframework.retry.backoff.FixedBackOffPolicy;
import org.springframework.retry.backoff.NoBackOffPolicy;
import org.springframework.retry.backoff.UniformRandomBackOffPolicy;
import org.springframework.retry.policy.SimpleRetryPolicy;
import org.springframework.retry.support.RetryTemplate;

/**
 * One listener's retry, as read from {@code @Retryable} or {@code @PikaListener(retry = ...)} merged with
 * {@code pika.listener.retry.*}; {@link #toTemplate()} builds the spring-retry {@link RetryTemplate} the
 * container runs. Whatever the exception rules say, {@link RejectMessageException}, {@link
 * RequeueMessageException} and {@link MessageConversionException} (also as a cause) are never retried:
 * they settle the delivery at once.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxAttempts calls per delivery, the first included (1: no retry)
 * @param initialInterval wait before the second call ({@link Duration#ZERO}: none)
 * @param multiplier factor applied to the wait after each call (values up to 1 keep it fixed)
 * @param maxInterval longest wait ({@link Duration#ZERO}: 30 s, spring-retry's default)
 * @param random whether waits are randomised (spring-retry's {@code @Backoff(random = true)})
 * @param rules exception types and whether they are retried (subtypes included, causes traversed)
 * @param retryOthers whether exceptions the rules do not name are retried
 */
record RetrySpec(
        int maxAttempts,
        Duration initialInterval,
        double multiplier,
        Duration maxInterval,
        boolean random,
        Map<Class<? extends Throwable>, Boolean> rules,
        boolean retryOthers) {

    /** One call, no retry. */
    static final RetrySpec SINGLE_ATTEMPT = new RetrySpec(1, Duration.ZERO, 1.0, Duration.ZERO, false, Map.of(), false);

    RetrySpec {
        rules = Map.copyOf(rules);
    }

    /** The template. */
    RetryTemplate toTemplate() {
        Map<Class<? extends Throwable>, Boolean> classified = new LinkedHashMap<>(rules);
        classified.put(RejectMessageException.class, false);
        classified.put(RequeueMessageException.class, false);
        classified.put(MessageConversionException.class, false);
        RetryTemplate template = new RetryTemplate();
        template.setRetryPolicy(new SimpleRetryPolicy(maxAttempts, classified, true, retryOthers));
        template.setBackOffPolicy(backOff());
        template.setThrowLastExceptionOnExhausted(true);
        return template;
    }

    private BackOffPolicy backOff() {
        long initial = initialInterval.toMillis();
        if (initial <= 0 || maxAttempts <= 1) {
            return new NoBackOffPolicy();
        }
        long max = maxInterval.toMillis();
        if (multiplier > 1.0) {
            ExponentialBackOffPolicy policy =
                    random ? new ExponentialRandomBackOffPolicy() : new ExponentialBackOffPolicy();
            policy.setInitialInterval(initial);
            policy.setMultiplier(multiplier);
            policy.setMaxInterval(max > initial ? max : ExponentialBackOffPolicy.DEFAULT_MAX_INTERVAL);
            return policy;
        }
        if (random && max > initial) {
            UniformRandomBackOffPolicy policy = new UniformRandomBackOffPolicy();
            policy.setMinBackOffPeriod(initial);
            policy.setMaxBackOffPeriod(max);
            return policy;
        }
        FixedBackOffPolicy policy = new FixedBackOffPolicy();
        policy.setBackOffPeriod(initial);
        return policy;
    }
}
