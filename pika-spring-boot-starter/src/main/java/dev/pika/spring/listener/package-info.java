/**
 * Listener containers: {@link dev.pika.spring.listener.PikaListenerEndpoint} (what to consume and how),
 * {@link dev.pika.spring.listener.PikaMessageListener} (what runs per delivery, on a worker thread), the
 * {@link dev.pika.spring.listener.PikaListenerContainer} that runs an endpoint, its factory and the
 * {@link dev.pika.spring.listener.PikaListenerRegistry}, and the types shared with the {@code
 * pika.listener.*} properties and the {@code @PikaListener} annotation, such as {@link
 * dev.pika.spring.listener.AckMode}.
 */
package dev.pika.spring.listener;
