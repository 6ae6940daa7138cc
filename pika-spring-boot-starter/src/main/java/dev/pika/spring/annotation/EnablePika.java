package dev.pika.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * Turns on {@link PikaListener} processing: registers the {@link PikaListenerAnnotationBeanPostProcessor}.
 * The starter's auto-configuration implies it ({@code PikaAnnotationDrivenAutoConfiguration}); write it
 * on a {@code @Configuration} class only in an application that does not use auto-configuration, with a
 * {@code PikaListenerRegistry} bean of its own. Declaring it as well as using the auto-configuration is
 * harmless: the processor is registered once.
 *
 * <p>Annotations are immutable.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(PikaListenerBootstrapConfiguration.class)
public @interface EnablePika {}
