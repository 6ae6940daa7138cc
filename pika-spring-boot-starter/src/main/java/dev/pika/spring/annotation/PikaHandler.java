package dev.pika.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a class annotated with {@link PikaListener} as one of its handlers: each delivery
 * goes to the handler whose payload parameter type matches the converted payload (JSON messages carry
 * the type in their {@code __TypeId__} header, or the handler's parameter type decides).
 *
 * <p>Annotations are immutable.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PikaHandler {

    /**
     * Whether this handler takes the deliveries no other handler matches.
     *
     * @return {@code true} for the default handler
     */
    boolean isDefault() default false;
}
