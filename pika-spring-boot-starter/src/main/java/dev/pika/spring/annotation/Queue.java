package dev.pika.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A queue to declare, inside {@link PikaListener#queuesToDeclare()} or {@link QueueBinding#value()}.
 *
 * <p>Annotations are immutable.
 */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Queue {

    /** @return the queue name (placeholders allowed); empty for a server-named, exclusive, auto-delete queue */
    String value() default "";

    /** @return whether the queue survives a broker restart ({@code "true"} when empty and named) */
    String durable() default "";

    /** @return whether only this connection may use it ({@code "true"} when empty and unnamed) */
    String exclusive() default "";

    /** @return whether it is deleted when its last consumer goes ({@code "true"} when empty and unnamed) */
    String autoDelete() default "";

    /** @return the queue arguments ({@code x-dead-letter-exchange}, {@code x-queue-type}, ...) */
    Argument[] arguments() default {};
}
