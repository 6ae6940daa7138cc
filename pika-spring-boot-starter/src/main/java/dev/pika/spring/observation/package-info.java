/**
 * Micrometer observations of the starter: {@code pika.publish} around each {@code PikaTemplate} send
 * ({@link dev.pika.spring.observation.PikaPublishObservationInterceptor}) and {@code pika.process}
 * around each delivery a listener processes ({@link
 * dev.pika.spring.observation.PikaProcessObservationObserver}), with the trace context carried in the
 * message headers ({@code SenderContext}/{@code ReceiverContext}), replaceable conventions, and their
 * auto-configuration. Needs {@code micrometer-observation} (an optional dependency of the starter).
 */
package dev.pika.spring.observation;
