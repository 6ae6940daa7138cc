package dev.pika.benchmarks.driver;

/**
 * One open connection of a client, used by one producer, one consumer, or the run's set-up and clean-up.
 *
 * <p>The benchmark calls {@link #runPublisher(PublishPlan)} and {@link #startConsumer(ConsumePlan)} at most once per
 * connection, each from one thread; {@link #close()} may be called from another thread while a publisher is blocked
 * (it must then unblock it). Each method opens the channels it needs.
 */
public interface DriverConnection extends AutoCloseable {

    /**
     * What the broker said it is, from the connection's server properties.
     *
     * @return e.g. {@code "RabbitMQ 3.10.8"}, or {@code "unknown"}
     */
    String serverDescription();

    /**
     * Declares the run's queue: not exclusive, not auto-deleted, durable when asked. Succeeds when it exists with
     * the same settings.
     *
     * @param queue the queue name
     * @param durable whether it survives a broker restart
     * @throws DriverException when the broker refuses
     */
    void declareQueue(String queue, boolean durable);

    /**
     * Deletes a queue, whatever it holds; succeeds when it does not exist.
     *
     * @param queue the queue name
     * @throws DriverException when the broker refuses
     */
    void deleteQueue(String queue);

    /**
     * Publishes as the plan says, until {@link PublishPlan#awaitNextPublish()} returns false, then waits for the
     * outstanding confirms ({@link PublishPlan#awaitSettled()}). Runs on the calling thread (a producer thread of the
     * benchmark) or hands the work to the client's own thread and waits for it; either way it returns only when
     * publishing is over.
     *
     * <p>For each message: {@code awaitNextPublish()}, then {@link PublishPlan#nextBody()},
     * {@link PublishPlan#beforePublish(long)} with the client's publish sequence number (when confirms are on), the
     * client's publish call, {@link PublishPlan#afterPublish()}. Confirms go to
     * {@link PublishPlan#onConfirm(long, boolean, boolean)}, returned messages to {@link PublishPlan#onReturn()}.
     *
     * @param plan what to publish
     * @throws DriverException when the client fails
     */
    void runPublisher(PublishPlan plan);

    /**
     * Subscribes a consumer to the plan's queue with its prefetch and ack mode; returns once the broker has
     * confirmed the subscription. Every delivery goes to {@link ConsumePlan#delivered(byte[], long, Acker)}, one at a
     * time for this consumer, with an {@link Acker} that acks on this consumer's channel from whichever thread calls
     * it (the client's delivery thread or a benchmark worker thread) in the client's usual way.
     *
     * @param plan what to consume and how to ack
     * @return a handle to cancel the subscription
     * @throws DriverException when the client fails
     */
    ConsumerHandle startConsumer(ConsumePlan plan);

    /**
     * Closes the connection and everything opened on it, waiting a bounded time for the broker's answer. Unblocks a
     * publisher blocked in the client. Idempotent; never throws for a connection that is already closed or broken.
     */
    @Override
    void close();
}
