package dev.pika.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The container of repeated {@link PikaListener} annotations; rarely written by hand.
 *
 * <p>Annotations are immutable.
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PikaListeners {

    /**
     * The listeners.
     *
     * @return the repeated annotations
     */
    PikaListener[] value();
}
