/**
 * Annotation-driven listeners: {@link dev.pika.spring.annotation.PikaListener} on bean methods (or on a
 * class with {@link dev.pika.spring.annotation.PikaHandler} methods), the declarations it may carry
 * ({@link dev.pika.spring.annotation.Queue}, {@link dev.pika.spring.annotation.Exchange}, {@link
 * dev.pika.spring.annotation.QueueBinding}) and the processing that turns them into listener endpoints:
 * {@link dev.pika.spring.annotation.PikaListenerAnnotationBeanPostProcessor}, registered by {@link
 * dev.pika.spring.annotation.EnablePika} (implied by the starter). spring-retry's {@code @Retryable} and
 * {@code @Recover} on listener beans are read here too, without AspectJ. Configuration mistakes fail the
 * start with an {@link dev.pika.spring.annotation.InvalidPikaListenerException}. See {@code
 * docs/listeners.md}.
 */
package dev.pika.spring.annotation;
