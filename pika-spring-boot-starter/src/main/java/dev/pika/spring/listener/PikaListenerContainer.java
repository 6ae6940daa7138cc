package dev.pika.spring.listener;

import dev.pika.spring.listener.observation.PikaListenerSnapshot;
import org.springframework.context.SmartLifecycle;

/**
 * Runs one {@link PikaListenerEndpoint}: a channel with {@code basic.qos(prefetch)} and one consumer per
 * queue on a {@code PikaConnection}'s I/O loop, a bounded worker pool that runs the listener, acks sent
 * back through the loop, re-subscription after connection recovery, and graceful stop (in-flight
 * deliveries finish and are acked within the shutdown timeout; prefetched, unstarted ones are returned
 * to the queue).
 *
 * <p>Threading: every method is safe from any thread. {@link #stop()} blocks up to the shutdown timeout;
 * {@link #snapshot()} never blocks.
 */
public interface PikaListenerContainer extends SmartLifecycle {

    /**
     * The listener id (from the endpoint).
     *
     * @return the id
     */
    String getListenerId();

    /**
     * The endpoint this container runs.
     *
     * @return the endpoint
     */
    PikaListenerEndpoint getEndpoint();

    /**
     * The container's state now, for health and metrics.
     *
     * @return an immutable snapshot
     */
    PikaListenerSnapshot snapshot();
}
