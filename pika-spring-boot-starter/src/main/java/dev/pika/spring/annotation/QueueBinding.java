package dev.pika.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A queue bound to an exchange, declared for a {@link PikaListener} that then consumes the queue.
 *
 * <p>Annotations are immutable.
 */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface QueueBinding {

    /** @return the queue */
    Queue value();

    /** @return the exchange */
    Exchange exchange();

    /** @return the routing keys (binding keys); one binding per key, the empty key when none */
    String[] key() default {};

    /** @return the binding arguments (for headers exchanges) */
    Argument[] arguments() default {};
}
