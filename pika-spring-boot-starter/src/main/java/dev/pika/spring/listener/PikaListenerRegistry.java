package dev.pika.spring.listener;

import dev.pika.spring.listener.observation.PikaListenerViews;
import java.util.Collection;
import java.util.Optional;

/**
 * Holds every listener container of the application context (the auto-configured bean {@code
 * pikaListenerRegistry}) and drives their lifecycle with the context: containers registered before the
 * context starts are started with it when their endpoint says {@code autoStartup}; containers registered
 * later are started at registration when the registry is running.
 *
 * <p>Threading: thread-safe.
 */
public interface PikaListenerRegistry extends PikaListenerViews {

    /**
     * Creates a container for the endpoint with the factory and registers it.
     *
     * @param endpoint the endpoint; its id must be unique in the registry
     * @param factory the factory, or {@code null} for the default one
     * @return the registered container
     * @throws IllegalStateException when a container with the same id exists
     */
    PikaListenerContainer register(PikaListenerEndpoint endpoint, PikaListenerContainerFactory factory);

    /**
     * The container with that listener id.
     *
     * @param id the listener id
     * @return the container, or empty
     */
    Optional<PikaListenerContainer> getListenerContainer(String id);

    /**
     * All registered containers, in registration order.
     *
     * @return an unmodifiable snapshot
     */
    Collection<PikaListenerContainer> getListenerContainers();
}
