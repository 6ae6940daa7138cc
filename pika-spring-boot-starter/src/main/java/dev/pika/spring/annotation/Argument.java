package dev.pika.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One declaration argument ({@code x-dead-letter-exchange}, {@code x-message-ttl}, ...).
 *
 * <p>Annotations are immutable.
 */
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Argument {

    /** @return the argument name */
    String name();

    /** @return the value (placeholders allowed), converted to {@link #type()} */
    String value();

    /** @return the value's type: {@code java.lang.String}, {@code java.lang.Integer}, {@code java.lang.Long}, {@code java.lang.Boolean} */
    String type() default "java.lang.String";
}
