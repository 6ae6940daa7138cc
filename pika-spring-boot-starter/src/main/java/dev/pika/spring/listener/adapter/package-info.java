/**
 * Adapts annotated listener methods to {@link dev.pika.spring.listener.PikaMessageListener}: argument
 * resolution ({@code @Payload}, {@code @Header}, {@code @Headers}, the delivery, its properties and method
 * frame, the {@link dev.pika.spring.listener.Acknowledgement}), handler selection by payload type for
 * class-level listeners, the {@link dev.pika.spring.listener.adapter.PikaListenerErrorHandler}, and
 * replies ({@code reply-to} or {@code @SendTo}) published through the template with confirms.
 *
 * <p>Everything here is built once at start-up and then called concurrently by the container's worker
 * threads; see each type for its contract.
 */
package dev.pika.spring.listener.adapter;
