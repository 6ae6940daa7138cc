package dev.pika.spring.listener;

/**
 * Creates listener containers, filling what an endpoint leaves unset from its defaults (for the
 * auto-configured bean {@code pikaListenerContainerFactory}: the {@code pika.listener.*} properties). A
 * {@code @PikaListener(containerFactory = "...")} names another bean of this type.
 *
 * <p>Threading: implementations are thread-safe once configured.
 */
@FunctionalInterface
public interface PikaListenerContainerFactory {

    /**
     * Creates a container for the endpoint; the container is not started.
     *
     * @param endpoint the endpoint
     * @return a new container
     */
    PikaListenerContainer createContainer(PikaListenerEndpoint endpoint);
}
