package dev.pika.spring.listener;

/**
 * Settles one delivery of a listener in {@link AckMode#MANUAL} mode: the listener method takes it as an
 * argument and calls exactly one of its methods, now or later.
 *
 * <p>Threading: safe from any thread, never blocks. The container hands the acknowledgement to the
 * connection's I/O loop ({@code addCallbackThreadsafe}), where contiguous acks are coalesced into one
 * {@code multiple} ack. Only the first call counts; later calls are ignored and logged at DEBUG. When the
 * channel the message arrived on is gone (connection lost), the call is dropped: the broker has already
 * requeued the message, and a delivery tag is never acked on another channel.
 */
public interface Acknowledgement {

    /** Acknowledges the delivery ({@code basic.ack}). */
    void ack();

    /**
     * Negatively acknowledges the delivery ({@code basic.nack}).
     *
     * @param requeue {@code true} to put it back in the queue; {@code false} to dead-letter (or drop) it
     */
    void nack(boolean requeue);

    /**
     * Whether one of the methods was called already.
     *
     * @return {@code true} once settled
     */
    boolean isSettled();
}
