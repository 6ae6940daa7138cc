package dev.pika.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as the listener of one or more queues; on a class, marks the class as a listener
 * whose {@link PikaHandler} methods are chosen by payload type. Each annotation becomes a {@code
 * dev.pika.spring.listener.PikaListenerEndpoint} run by a listener container: the method runs on the
 * container's worker pool, never on the connection's I/O thread, so heartbeats and acks keep flowing
 * while it works.
 *
 * <p>String attributes accept property placeholders ({@code ${...}}) and SpEL ({@code #{...}}); an empty
 * string means "the container factory's default" ({@code pika.listener.*}).
 *
 * <p>Method arguments: the converted payload ({@code @Payload} optional; JSON to a POJO, {@code String},
 * {@code byte[]}), {@code @Header}/{@code @Headers}, the {@code PikaDelivery}, the {@code
 * BasicProperties}, the {@code Basic.Deliver} method frame and, in MANUAL ack mode, the {@code
 * Acknowledgement}. A non-void return value is published to the request's {@code reply-to}, or to the
 * {@code @SendTo} destination. spring-retry's {@code @Retryable}/{@code @Backoff} and {@code @Recover} on
 * the bean configure this listener's retry and recovery without AspectJ.
 *
 * <p>Annotations are immutable; the endpoints built from them are immutable too.
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(PikaListeners.class)
public @interface PikaListener {

    /**
     * The listener id, unique in the application: names the container, its threads ({@code
     * pika-listener-<id>-N}), meters and log lines. Default: the bean name and method name.
     *
     * @return the id
     */
    String id() default "";

    /**
     * The queues to consume from (names, placeholders or SpEL resolving to names).
     *
     * @return the queue names
     */
    String[] queues() default {};

    /**
     * Queues to declare (through {@code PikaAdmin}, also after every recovery) and consume from.
     *
     * @return the queues
     */
    Queue[] queuesToDeclare() default {};

    /**
     * Queue, exchange and binding to declare and consume from (the binding's queue).
     *
     * @return the bindings
     */
    QueueBinding[] bindings() default {};

    /**
     * Worker threads running this listener ({@code pika.listener.concurrency} when empty). With 1, each
     * queue's messages are processed in order.
     *
     * @return the concurrency
     */
    String concurrency() default "";

    /**
     * Unacknowledged deliveries the broker may send ahead ({@code pika.listener.prefetch} when empty).
     *
     * @return the prefetch count
     */
    String prefetch() default "";

    /**
     * {@code AUTO}, {@code MANUAL} or {@code NONE} ({@code pika.listener.ack-mode} when empty).
     *
     * @return the ack mode name
     */
    String ackMode() default "";

    /**
     * The bean name of the {@code PikaListenerContainerFactory} to use; the auto-configured {@code
     * pikaListenerContainerFactory} when empty.
     *
     * @return the bean name
     */
    String containerFactory() default "";

    /**
     * Whether to start with the application context ({@code pika.listener.auto-startup} when empty).
     *
     * @return {@code "true"}, {@code "false"} or empty
     */
    String autoStartup() default "";

    /**
     * The bean name of a {@code PikaListenerErrorHandler} called when the method throws, before retry and
     * recovery see the failure; it may return a reply or rethrow.
     *
     * @return the bean name, or empty for none
     */
    String errorHandler() default "";

    /**
     * Retry overrides for this listener ({@code pika.listener.retry.*} for what is left empty). spring-retry's
     * {@code @Retryable} on the method takes precedence over both.
     *
     * @return the retry settings
     */
    ListenerRetry retry() default @ListenerRetry;
}
