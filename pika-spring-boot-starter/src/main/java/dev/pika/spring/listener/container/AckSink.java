package dev.pika.spring.listener.container;

/**
 * Where an {@link AckTracker} sends the frames it decided on: in the container, the channel's {@code
 * basicAck}/{@code basicNack}; in tests, a recorder.
 *
 * <p>Threading: called on the thread that flushes the tracker (the connection's I/O thread).
 */
interface AckSink {

    /**
     * Sends {@code basic.ack}.
     *
     * @param deliveryTag the tag
     * @param multiple whether every outstanding tag up to {@code deliveryTag} is meant
     */
    void ack(long deliveryTag, boolean multiple);

    /**
     * Sends {@code basic.nack}.
     *
     * @param deliveryTag the tag
     * @param multiple whether every outstanding tag up to {@code deliveryTag} is meant
     * @param requeue whether the broker requeues the message(s)
     */
    void nack(long deliveryTag, boolean multiple, boolean requeue);
}
