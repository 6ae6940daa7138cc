/**
 * What the {@code @PikaListener} containers show to health and metrics, and the hook they call around
 * each delivery: the contract between the listener container and {@code dev.pika.spring.actuate} /
 * {@code dev.pika.spring.observation}. No Micrometer and no actuator types here, so the container
 * depends on neither.
 *
 * <ul>
 *   <li>{@link dev.pika.spring.listener.observation.PikaListenerViews}: implemented by the container
 *       registry (a bean); lists a {@link dev.pika.spring.listener.observation.PikaListenerSnapshot}
 *       per listener, read without blocking (health details and the in-flight and worker gauges).
 *   <li>{@link dev.pika.spring.listener.observation.PikaListenerInvocationObserver}: beans the
 *       container calls on the worker thread around the processing of each delivery (the {@code
 *       pika.listener} timer, the process observation with the trace context from the message
 *       headers).
 * </ul>
 */
package dev.pika.spring.listener.observation;
