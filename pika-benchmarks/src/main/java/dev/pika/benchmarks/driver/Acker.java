package dev.pika.benchmarks.driver;

/**
 * Acknowledges deliveries on one consumer's channel, the way the client expects it done from the calling thread.
 *
 * <p>Implementations are thread-safe: the benchmark calls them from the client's delivery thread, or from its own
 * worker threads when acks are handed off (the RabbitMQ Java client acks on the channel directly; a pika driver hands
 * the ack to the connection's I/O loop with {@code addCallbackThreadsafe} when called off the loop).
 */
@FunctionalInterface
public interface Acker {

    /**
     * Acknowledges a delivery, or every delivery up to it.
     *
     * @param deliveryTag the delivery tag
     * @param multiple whether every earlier unacknowledged delivery is acknowledged too
     * @throws DriverException when the client fails
     */
    void ack(long deliveryTag, boolean multiple);
}
