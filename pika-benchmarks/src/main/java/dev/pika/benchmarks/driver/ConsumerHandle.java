package dev.pika.benchmarks.driver;

/**
 * A running subscription.
 *
 * <p>Thread-safe: called once by the benchmark's main thread at the end of the run.
 */
@FunctionalInterface
public interface ConsumerHandle {

    /**
     * Cancels the subscription (basic.cancel); deliveries already in flight may still arrive. Never throws for a
     * subscription or connection that is already gone.
     */
    void cancel();
}
