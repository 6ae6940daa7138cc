package dev.pika.spring.annotation;

import dev.pika.spring.autoconfigure.PikaProperties;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.retry.annotation.Backoff;
import org.springframework.retry.annotation.Retryable;
import org.springframework.util.StringUtils;

/**
 * Reads a listener's retry from spring-retry's {@link Retryable}/{@link Backoff} (reflectively: no
 * AspectJ, no proxy) or from {@link ListenerRetry} overrides merged with {@code pika.listener.retry.*}.
 * Used at start-up only, on one thread.
 */
final class RetrySpecs {

    private final AttributeResolver resolver;

    RetrySpecs(AttributeResolver resolver) {
        this.resolver = resolver;
    }

    /**
     * The retry of a {@code @Retryable}: {@code maxAttempts} (or its expression), {@code
     * retryFor}/{@code include}/{@code value} (only those are retried), {@code noRetryFor}/{@code
     * exclude} (never retried), {@code backoff}.
     */
    @SuppressWarnings("deprecation") // value, include and exclude are deprecated but still honoured
    RetrySpec fromRetryable(Retryable retryable, String where) {
        int maxAttempts = retryable.maxAttempts();
        if (StringUtils.hasText(retryable.maxAttemptsExpression())) {
            maxAttempts = evaluateInt(retryable.maxAttemptsExpression(), "@Retryable(maxAttemptsExpression)", where);
        }
        if (maxAttempts < 1) {
            throw new InvalidPikaListenerException(where + ": @Retryable(maxAttempts = " + maxAttempts
                    + ") must be at least 1 (the first call counts)");
        }
        if (retryable.stateful()) {
            throw new InvalidPikaListenerException(where + ": @Retryable(stateful = true) is not supported on a"
                    + " @PikaListener: the container retries in place (stateless); remove stateful, or use"
                    + " RequeueMessageException to send the message back to the queue");
        }
        Map<Class<? extends Throwable>, Boolean> rules = new LinkedHashMap<>();
        for (Class<? extends Throwable> type : retryable.value()) {
            rules.put(type, true);
        }
        for (Class<? extends Throwable> type : retryable.include()) {
            rules.put(type, true);
        }
        for (Class<? extends Throwable> type : retryable.retryFor()) {
            rules.put(type, true);
        }
        boolean retryOthers = rules.isEmpty();
        for (Class<? extends Throwable> type : retryable.exclude()) {
            rules.put(type, false);
        }
        for (Class<? extends Throwable> type : retryable.noRetryFor()) {
            rules.put(type, false);
        }
        Backoff backoff = retryable.backoff();
        long delay = backoff.delay() > 0 ? backoff.delay() : backoff.value();
        if (StringUtils.hasText(backoff.delayExpression())) {
            delay = evaluateInt(backoff.delayExpression(), "@Backoff(delayExpression)", where);
        }
        long maxDelay = backoff.maxDelay();
        if (StringUtils.hasText(backoff.maxDelayExpression())) {
            maxDelay = evaluateInt(backoff.maxDelayExpression(), "@Backoff(maxDelayExpression)", where);
        }
        double multiplier = backoff.multiplier();
        if (StringUtils.hasText(backoff.multiplierExpression())) {
            Object value = resolver.evaluate(backoff.multiplierExpression(), "@Backoff(multiplierExpression)", where);
            multiplier = Double.parseDouble(String.valueOf(value));
        }
        boolean random = backoff.random();
        if (StringUtils.hasText(backoff.randomExpression())) {
            random = Boolean.parseBoolean(
                    String.valueOf(resolver.evaluate(backoff.randomExpression(), "@Backoff(randomExpression)", where)));
        }
        if (delay < 0 || maxDelay < 0 || multiplier < 0) {
            throw new InvalidPikaListenerException(
                    where + ": @Backoff delay, maxDelay and multiplier must not be negative");
        }
        return new RetrySpec(
                maxAttempts,
                Duration.ofMillis(delay),
                multiplier,
                Duration.ofMillis(maxDelay),
                random,
                rules,
                retryOthers);
    }

    /**
     * The retry of {@code @PikaListener(retry = ...)}: {@code null} when no attribute is set (the container
     * factory's default applies). Setting any of maxAttempts, initialInterval, multiplier, maxInterval
     * turns retry on for this listener unless {@code enabled = "false"}; otherwise unset values come from
     * {@code pika.listener.retry.*}.
     */
    RetrySpec fromOverrides(ListenerRetry retry, PikaProperties.Retry defaults, String where) {
        Boolean enabled = resolver.bool(retry.enabled(), "retry.enabled", where, "pika.listener.retry.enabled");
        Integer maxAttempts = resolver.integer(
                retry.maxAttempts(), "retry.maxAttempts", where, 1, "pika.listener.retry.max-attempts");
        Duration initial = resolver.duration(
                retry.initialInterval(), "retry.initialInterval", where, "pika.listener.retry.initial-interval");
        Double multiplier =
                resolver.decimal(retry.multiplier(), "retry.multiplier", where, 1.0, "pika.listener.retry.multiplier");
        Duration max =
                resolver.duration(retry.maxInterval(), "retry.maxInterval", where, "pika.listener.retry.max-interval");
        boolean anyValue = maxAttempts != null || initial != null || multiplier != null || max != null;
        if (enabled == null && !anyValue) {
            return null;
        }
        boolean on = enabled != null ? enabled : true;
        if (!on) {
            return RetrySpec.SINGLE_ATTEMPT;
        }
        return new RetrySpec(
                maxAttempts != null ? maxAttempts : defaults.getMaxAttempts(),
                initial != null ? initial : defaults.getInitialInterval(),
                multiplier != null ? multiplier : defaults.getMultiplier(),
                max != null ? max : defaults.getMaxInterval(),
                false,
                Map.of(),
                true);
    }

    private int evaluateInt(String expression, String attribute, String where) {
        Object value = resolver.evaluate(expression, attribute, where);
        try {
            return value instanceof Number number
                    ? number.intValue()
                    : Integer.parseInt(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new InvalidPikaListenerException(where + ": " + attribute + " = \"" + expression + "\" resolves to "
                    + value + ", not a whole number");
        }
    }
}
