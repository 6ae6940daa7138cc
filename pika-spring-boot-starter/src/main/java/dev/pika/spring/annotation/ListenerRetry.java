package dev.pika.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Per-listener retry overrides inside {@link PikaListener#retry()}. Every attribute accepts placeholders;
 * an empty one takes {@code pika.listener.retry.*}.
 *
 * <p>Annotations are immutable.
 */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ListenerRetry {

    /** @return {@code "true"} or {@code "false"}: whether to retry a failed call; empty for the default */
    String enabled() default "";

    /** @return calls of the method per message, the first included; empty for the default */
    String maxAttempts() default "";

    /** @return wait before the second attempt, as a duration ({@code 500ms}, {@code 2s}); empty for the default */
    String initialInterval() default "";

    /** @return factor applied to the wait after each failed attempt; empty for the default */
    String multiplier() default "";

    /** @return longest wait between attempts, as a duration; empty for the default */
    String maxInterval() default "";

    /**
     * The bean name of the {@code MessageRecoverer} run after the last attempt; empty for the default
     * (the {@code MessageRecoverer} bean if there is one, else reject without requeue).
     *
     * @return the bean name
     */
    String recoverer() default "";
}
