package dev.pika.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An exchange to declare, inside {@link QueueBinding#exchange()}.
 *
 * <p>Annotations are immutable.
 */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Exchange {

    /** @return the exchange name (placeholders allowed) */
    String value();

    /** @return the type: {@code direct}, {@code topic}, {@code fanout}, {@code headers} */
    String type() default "direct";

    /** @return whether it survives a broker restart */
    String durable() default "true";

    /** @return whether it is deleted when its last binding goes */
    String autoDelete() default "false";

    /** @return the exchange arguments */
    Argument[] arguments() default {};
}
