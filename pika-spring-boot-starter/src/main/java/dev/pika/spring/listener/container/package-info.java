/**
 * The listener container runtime: {@link dev.pika.spring.listener.container.DefaultPikaListenerContainer}
 * (a channel per listener on the shared connection's I/O loop, a bounded worker pool, coalesced acks sent
 * back through the loop, recovery and graceful stop), its factory {@link
 * dev.pika.spring.listener.container.DefaultPikaListenerContainerFactory} and the {@link
 * dev.pika.spring.listener.container.DefaultPikaListenerRegistry}.
 */
package dev.pika.spring.listener.container;
