/**
 * Annotation-driven listeners: {@link dev.pika.spring.annotation.PikaListener} on bean methods (or on a
 * class with {@link dev.pika.spring.annotation.PikaHandler} methods), the declarations it may carry
 * ({@link dev.pika.spring.annotation.Queue}, {@link dev.pika.spring.annotation.Exchange}, {@link
 * dev.pika.spring.annotation.QueueBinding}) and the processing that turns them into listener endpoints.
 */
package dev.pika.spring.annotation;
