package dev.pika.spring.autoconfigure;

import dev.pika.spring.annotation.EnablePika;
import dev.pika.spring.annotation.PikaListener;
import dev.pika.spring.annotation.PikaListenerAnnotationBeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code @PikaListener} methods: implies {@link EnablePika} (the annotation processor) unless the
 * application declared it itself. The processor registers the listeners with the {@code
 * PikaListenerRegistry} bean of {@code PikaListenerAutoConfiguration}; an annotated bean without that
 * registry (no {@code PikaConnectionFactory}) fails the start with a message saying so.
 *
 * <p>Spring instantiates this class once, at start-up; it holds no state.
 */
@AutoConfiguration(
        after = {PikaTemplateAutoConfiguration.class, PikaAdminAutoConfiguration.class},
        afterName = "dev.pika.spring.autoconfigure.PikaListenerAutoConfiguration")
@ConditionalOnClass({PikaListener.class, org.springframework.messaging.handler.annotation.Payload.class})
public class PikaAnnotationDrivenAutoConfiguration {

    /** {@link EnablePika}, once. */
    @Configuration(proxyBeanMethods = false)
    @EnablePika
    @ConditionalOnMissingBean(name = PikaListenerAnnotationBeanPostProcessor.BEAN_NAME)
    static class EnablePikaConfiguration {}
}
