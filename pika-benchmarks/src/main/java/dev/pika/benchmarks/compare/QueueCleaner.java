package dev.pika.benchmarks.compare;

/**
 * Deletes the queue of a run that died before deleting it itself, so a failed run leaves nothing on the shared
 * broker.
 *
 * <p>Called from the runner's thread; implementations never throw (clean-up is best effort).
 */
@FunctionalInterface
public interface QueueCleaner {

    /**
     * Deletes a queue with the run's client.
     *
     * @param client the client the run used
     * @param queue the queue
     */
    void deleteQueue(String client, String queue);
}
