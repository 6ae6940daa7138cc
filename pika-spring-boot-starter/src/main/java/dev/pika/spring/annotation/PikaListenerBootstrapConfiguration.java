package dev.pika.spring.annotation;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;

/**
 * What {@link EnablePika} imports: the {@link PikaListenerAnnotationBeanPostProcessor}, an
 * infrastructure bean named {@link PikaListenerAnnotationBeanPostProcessor#BEAN_NAME}, created by a
 * static method so that it does not pull other beans in early.
 *
 * <p>Spring instantiates this class once, at start-up; it holds no state.
 */
@Configuration(proxyBeanMethods = false)
public class PikaListenerBootstrapConfiguration {

    /**
     * The annotation processor.
     *
     * @return the processor
     */
    @Bean(name = PikaListenerAnnotationBeanPostProcessor.BEAN_NAME)
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    public static PikaListenerAnnotationBeanPostProcessor pikaListenerAnnotationProcessor() {
        return new PikaListenerAnnotationBeanPostProcessor();
    }
}
