package dev.pika.spring.listener.observation;

import java.util.List;
import java.util.Objects;

/**
 * One listener container at one moment, for health details and gauges: what it consumes, on which
 * connection, in which state, and how busy its worker pool is. Made by the container from its own
 * volatile or atomic fields, without locks and without asking the I/O thread.
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the listener id ({@code @PikaListener(id)} or the generated one)
 * @param queues the queues the listener consumes from, in subscription order
 * @param connectionName the name of the {@code PikaConnection} the listener consumes on (the {@code
 *     connection} tag of the meters)
 * @param state the consumer's state
 * @param lastFailure why the consumer last lost its subscription or failed to subscribe, or {@code
 *     null}
 * @param inFlight deliveries received from the broker and not yet settled (acked, nacked or
 *     rejected): those queued for a worker plus those being processed
 * @param workerPoolSize the most worker threads the listener uses (its concurrency)
 * @param activeWorkers worker threads running listener code now
 * @param queuedDeliveries deliveries waiting for a worker thread
 * @param queueCapacity how many deliveries the hand-off queue holds (the prefetch), or 0 when unbounded
 */
public record PikaListenerSnapshot(
        String id,
        List<String> queues,
        String connectionName,
        PikaListenerConsumerState state,
        Throwable lastFailure,
        int inFlight,
        int workerPoolSize,
        int activeWorkers,
        int queuedDeliveries,
        int queueCapacity) {

    /** Checks the required components and copies the queue list. */
    public PikaListenerSnapshot {
        Objects.requireNonNull(id, "id must not be null");
        queues = queues == null ? List.of() : List.copyOf(queues);
        Objects.requireNonNull(connectionName, "connectionName must not be null");
        Objects.requireNonNull(state, "state must not be null");
        if (inFlight < 0 || workerPoolSize < 0 || activeWorkers < 0 || queuedDeliveries < 0 || queueCapacity < 0) {
            throw new IllegalArgumentException("PikaListenerSnapshot counts must not be negative: inFlight=" + inFlight
                    + ", workerPoolSize=" + workerPoolSize + ", activeWorkers=" + activeWorkers
                    + ", queuedDeliveries=" + queuedDeliveries + ", queueCapacity=" + queueCapacity);
        }
    }

    /**
     * Whether the listener is meant to consume and does.
     *
     * @return {@code true} when {@link PikaListenerConsumerState#CONSUMING}
     */
    public boolean isConsuming() {
        return state == PikaListenerConsumerState.CONSUMING;
    }
}
